using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Observability;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Learn;

public enum EarlyOpenOutcome
{
    Opened,

    /// <summary>Not allowed now: the course does not allow it, she is at the limit, paused, or has no active enrollment.</summary>
    Refused,
}

/// <param name="Slug">The lesson opened; null when refused.</param>
public sealed record EarlyOpening(EarlyOpenOutcome Outcome, string? Slug);

/// <summary>
/// What a student may read and how far along she is. Access to a lesson is decided here, on every
/// request: active enrollment AND published AND unlocked for that student. The shared content comes
/// from <see cref="CourseContentCache"/>; what is hers from <see cref="HerStateCache"/> (this instance's copy,
/// dropped on every change to her rows) or else in one statement.
/// </summary>
public sealed class StudentCourseService(AppDbContext db, CourseContentCache content, TimeProvider time, AppMetrics metrics, HerStateCache hers, LeftOffWrites leftOff)
{
    /// <summary>The one course the platform sells (<see cref="CourseQueries.TheCourse"/>): shared, read only.</summary>
    public async Task<Course?> GetCourseAsync(CancellationToken ct = default) => (await content.GetAsync(ct))?.Course;

    public async Task<StudentCourse?> GetForStudentAsync(string? userId, CancellationToken ct = default) =>
        (await ReadAsync(userId, null, ct))?.View;

    /// <summary>
    /// The course exactly as a new student enrolled <paramref name="day"/> days ago sees it now (in
    /// the course's time zone, nothing read or completed yet): the instructor's "preview as a student".
    /// </summary>
    public async Task<StudentCourse?> GetPreviewAsync(int day, CancellationToken ct = default)
    {
        var shared = await content.GetAsync(ct);
        if (shared is null) return null;
        var zone = UnlockSchedule.ResolveZone(null, shared.Course.DefaultTimeZone);
        var now = time.GetUtcNow();
        var enrollment = new Enrollment
        {
            UserId = "preview",
            CourseId = shared.Course.Id,
            Status = EnrollmentStatus.Active,
            StartedAt = now.AddDays(-Math.Max(0, day)),
            CreatedAt = now,
        };
        return StudentCourseComposition.Compose(shared, HerCourse.Nothing with { Enrollment = enrollment }, zone, now);
    }

    public async Task<LessonAccess> GetLessonAsync(string? userId, string slug, CancellationToken ct = default) =>
        (await DecideAsync(userId, slug, ct)).Access;

    /// <summary>Opens a lesson: the access check, then "where she left off" is recorded when <see cref="LeftOff"/> says so.</summary>
    public async Task<LessonAccess> OpenLessonAsync(string? userId, string slug, CancellationToken ct = default)
    {
        var (access, her) = await DecideAsync(userId, slug, ct);
        var now = time.GetUtcNow();
        if (!access.Granted) return access;
        if (LeftOff.NeedsRecording(access.Item!.Id, her.Progress.Values, now))
        {
            leftOff.Record(access.Course!.Enrollment!.Id, access.Item.Id, now);
            hers.SetViewed(userId!, access.Item.Id, now);
        }
        metrics.LessonOpened();
        return access;
    }

    /// <summary>
    /// Marks a lesson complete or not complete. Takes the access the request already checked, so the
    /// course is not loaded twice; only a granted lesson can change.
    /// </summary>
    public async Task SetCompletedAsync(LessonAccess access, bool completed, CancellationToken ct = default)
    {
        if (!access.Granted) throw new InvalidOperationException($"Progress can only change on a lesson she can read (was {access.Decision}).");
        var now = time.GetUtcNow();
        using (HerStateWrites.For(access.Course!.Enrollment!.UserId))
        {
            await LearnSql.SetLessonCompletedAsync(db, access.Course.Enrollment.Id, access.Item!.Id, now, completed ? now : null, ct);
        }
        if (completed) metrics.LessonCompleted();
    }

    /// <summary>
    /// Remembers where she stopped listening to a lesson's recording, so another device picks up there.
    /// Only on a lesson she can read that has a recording; the seconds are clamped to a sane range.
    /// </summary>
    public async Task<bool> SaveAudioPositionAsync(LessonAccess access, double seconds, CancellationToken ct = default)
    {
        if (!access.Granted || access.Lesson!.Audio is null || double.IsNaN(seconds)) return false;
        var whole = (int)Math.Clamp(Math.Floor(seconds), 0, MaxAudioSeconds);
        await LearnSql.SaveAudioPositionAsync(db, access.Course!.Enrollment!.Id, access.Item!.Id, whole, time.GetUtcNow(), ct);
        return true;
    }

    /// <summary>Longer than any recording a lesson carries (25 MB of MP3 is well under a day).</summary>
    public const int MaxAudioSeconds = 24 * 60 * 60;

    /// <summary>
    /// "Open the next lesson now": under her enrollment's lock (the sweeper's too, so the two never race), the rule
    /// <see cref="StudentCourse.CanOpenNextEarly"/> is asked of her course as it is at that moment; when it holds, the
    /// next lesson's release row is written (early, never to lock again) with an audit entry, in one transaction.
    /// </summary>
    public async Task<EarlyOpening> OpenNextEarlyAsync(string userId, CancellationToken ct = default)
    {
        var shared = await content.GetAsync(ct);
        if (shared is null) return new(EarlyOpenOutcome.Refused, null);
        return await db.InTransactionAsync(async ct =>
        {
            if (await LearnSql.LockHerEnrollmentAsync(db, userId, shared.Course.Id, ct) is not { } enrollmentId) return new EarlyOpening(EarlyOpenOutcome.Refused, null);
            var her = leftOff.Overlay(await LearnSql.ReadHersAsync(db, userId, shared.Course.Id, null, ct));
            var now = time.GetUtcNow();
            var view = StudentCourseComposition.Compose(shared, her, UnlockSchedule.ResolveZone(her.TimeZone, shared.Course.DefaultTimeZone), now);
            if (!view.CanOpenNextEarly || view.NextLocked is not { } next) return new EarlyOpening(EarlyOpenOutcome.Refused, null);
            await LearnSql.ReleaseEarlyAsync(db, enrollmentId, next.Id, now, ct);
            var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleAsync(ct);
            AuditLog.Write(db, time, new AuditActor(userId, email ?? userId), AuditActions.Enrollment.OpenedEarly, userId, $"enrollment:{enrollmentId}", next.Slug);
            await db.SaveChangesAsync(ct);
            return new EarlyOpening(EarlyOpenOutcome.Opened, next.Slug);
        }, ct);
    }

    private async Task<(LessonAccess Access, HerCourse Her)> DecideAsync(string? userId, string slug, CancellationToken ct)
    {
        var read = await ReadAsync(userId, slug, ct);
        if (read is not { View: var view, Her: var her }) return (new(AccessDecision.NotFound, null, null, null), HerCourse.Nothing);
        var item = view.Lessons.FirstOrDefault(l => l.Slug == slug);
        var decision = item is null ? AccessDecision.NotFound
            : userId is null ? AccessDecision.SignInRequired
            : view.Enrollment is null ? AccessDecision.NotEnrolled
            : !view.Enrollment.IsActive ? AccessDecision.EnrollmentInactive
            : item.State == LessonState.Locked ? AccessDecision.Locked
            : AccessDecision.Granted;
        // The free preview: whoever may not read it as her own lesson still reads it, without the writes (progress, journal).
        if (decision is not (AccessDecision.Granted or AccessDecision.NotFound) && view.Content.Lesson(slug) is { FreePreview: true }) decision = AccessDecision.FreePreview;
        var lesson = decision is AccessDecision.Granted or AccessDecision.FreePreview ? view.Content.Lesson(slug) : null;
        var audioPosition = item is not null && her.Progress.TryGetValue(item.Id, out var p) ? p.AudioPositionSeconds ?? 0 : 0;
        return (new(decision, view, item, lesson) { Journal = her.Journal, AudioPositionSeconds = audioPosition, Feedback = her.Feedback }, her);
    }

    /// <summary>The shared content (cached) and, for a signed-in student, what is hers in one statement; nothing read for a lesson that is not there.</summary>
    private async Task<(StudentCourse View, HerCourse Her)?> ReadAsync(string? userId, string? slug, CancellationToken ct)
    {
        var shared = await content.GetAsync(ct);
        if (shared is null) return null;
        var lesson = slug is null ? null : shared.Lesson(slug);
        var her = userId is null || (slug is not null && lesson is null)
            ? HerCourse.Nothing
            : hers.Find(userId, lesson?.Id, out var ticket) ?? await ReadAndKeepAsync(userId, shared.Course.Id, lesson?.Id, ticket, ct);
        // Without an enrollment nothing is scheduled, so the course default is all a page can need.
        var zone = UnlockSchedule.ResolveZone(her.Enrollment is null ? null : her.TimeZone, shared.Course.DefaultTimeZone);
        return (StudentCourseComposition.Compose(shared, her, zone, time.GetUtcNow()), her);
    }

    private async Task<HerCourse> ReadAndKeepAsync(string userId, int courseId, int? lessonId, HerStateCache.Ticket ticket, CancellationToken ct)
    {
        var her = leftOff.Overlay(await LearnSql.ReadHersAsync(db, userId, courseId, lessonId, ct));
        hers.Keep(userId, lessonId, her, ticket);
        return her;
    }
}
