using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Settings;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Learn;

/// <summary>
/// What a student may read and how far along she is. Access to a lesson is decided here, on every
/// request: active enrollment AND published AND unlocked for that student.
/// </summary>
public sealed class StudentCourseService(AppDbContext db, TimeProvider time)
{
    /// <summary>The one course the platform sells (<see cref="CourseQueries.TheCourse"/>).</summary>
    public Task<Course?> GetCourseAsync(CancellationToken ct = default) =>
        db.Courses.AsNoTracking().TheCourse().FirstOrDefaultAsync(ct);

    public async Task<StudentCourse?> GetForStudentAsync(string? userId, CancellationToken ct = default)
    {
        var course = await GetCourseAsync(ct);
        if (course is null) return null;

        var row = userId is null
            ? null
            : await db.Enrollments.AsNoTracking()
                .Hers(userId, course.Id)
                .Select(e => new { Enrollment = e, e.User!.TimeZone })
                .SingleOrDefaultAsync(ct);
        // Without an enrollment nothing is scheduled, so the course default is all a page can need.
        var zone = UnlockSchedule.ResolveZone(row?.TimeZone, course.DefaultTimeZone);
        var enrollment = row?.Enrollment;

        var progress = enrollment is null
            ? []
            : await db.LessonProgress.AsNoTracking()
                .Where(p => p.EnrollmentId == enrollment.Id)
                .ToDictionaryAsync(p => p.LessonId, ct);
        // A lesson that has opened for her once stays open, whatever the schedule says later.
        var released = enrollment is null
            ? []
            : await db.LessonReleases.AsNoTracking()
                .Where(r => r.EnrollmentId == enrollment.Id)
                .Select(r => r.LessonId)
                .ToHashSetAsync(ct);
        return await ComposeAsync(course, enrollment, zone, progress, released, ct);
    }

    /// <summary>
    /// The course exactly as a new student enrolled <paramref name="day"/> days ago sees it now (in
    /// the course's time zone, nothing read or completed yet): the instructor's "preview as a student".
    /// </summary>
    public async Task<StudentCourse?> GetPreviewAsync(int day, CancellationToken ct = default)
    {
        var course = await GetCourseAsync(ct);
        if (course is null) return null;
        var zone = UnlockSchedule.ResolveZone(null, course.DefaultTimeZone);
        var now = time.GetUtcNow();
        var enrollment = new Enrollment
        {
            UserId = "preview",
            CourseId = course.Id,
            Status = EnrollmentStatus.Active,
            StartedAt = now.AddDays(-Math.Max(0, day)),
            CreatedAt = now,
        };
        return await ComposeAsync(course, enrollment, zone, [], [], ct);
    }

    private async Task<StudentCourse> ComposeAsync(
        Course course, Enrollment? enrollment, TimeZoneInfo zone, Dictionary<int, LessonProgress> progress, HashSet<int> released, CancellationToken ct)
    {
        var modules = await db.Modules.AsNoTracking()
            .Where(m => m.CourseId == course.Id)
            .OrderBy(m => m.Position)
            .Select(m => new { m.Id, m.Slug, m.Title, m.Summary })
            .ToListAsync(ct);
        var lessons = await db.Lessons.AsNoTracking()
            .Where(l => l.CourseId == course.Id && l.Published)
            .OrderBy(l => l.Position)
            .Select(l => new { l.Id, l.ModuleId, l.Slug, l.Title, l.Minutes, l.ReleaseAfterDays })
            .ToListAsync(ct);

        var now = time.GetUtcNow();
        var items = lessons.Select(l =>
        {
            progress.TryGetValue(l.Id, out var p);
            DateTimeOffset? unlocksAt = enrollment is null
                ? null
                : UnlockSchedule.ReleaseAt(enrollment, l.ReleaseAfterDays, zone, course.MorningUnlockHour);
            var open = released.Contains(l.Id) || p is not null || unlocksAt <= now;
            var state = enrollment is not { IsActive: true } || !open
                ? LessonState.Locked
                : p?.CompletedAt is not null ? LessonState.Completed : LessonState.Available;
            return (l.ModuleId, Item: new LessonItem(l.Id, l.Slug, l.Title, l.Minutes, l.ReleaseAfterDays, state, unlocksAt, p?.CompletedAt, p?.LastViewedAt));
        }).ToList();

        var moduleItems = modules
            .Select(m => new ModuleItem(m.Slug, m.Title, m.Summary, [.. items.Where(i => i.ModuleId == m.Id).Select(i => i.Item)]))
            .Where(m => m.Lessons.Count > 0)
            .ToList();
        return new StudentCourse(course, enrollment, zone, moduleItems);
    }

    public async Task<LessonAccess> GetLessonAsync(string? userId, string slug, CancellationToken ct = default)
    {
        var view = await GetForStudentAsync(userId, ct);
        var item = view?.Lessons.FirstOrDefault(l => l.Slug == slug);
        if (view is null || item is null) return new(AccessDecision.NotFound, view, null, null);
        if (userId is null) return new(AccessDecision.SignInRequired, view, item, null);
        if (view.Enrollment is null) return new(AccessDecision.NotEnrolled, view, item, null);
        if (!view.Enrollment.IsActive) return new(AccessDecision.EnrollmentInactive, view, item, null);
        if (item.State == LessonState.Locked) return new(AccessDecision.Locked, view, item, null);

        var lesson = await db.Lessons.AsNoTracking().SingleAsync(l => l.Id == item.Id, ct);
        return new(AccessDecision.Granted, view, item, lesson);
    }

    /// <summary>Opens a lesson: the access check, then "where she left off" is recorded.</summary>
    public async Task<LessonAccess> OpenLessonAsync(string? userId, string slug, CancellationToken ct = default)
    {
        var access = await GetLessonAsync(userId, slug, ct);
        if (access.Granted)
        {
            var now = time.GetUtcNow();
            await LearnSql.RecordLessonViewedAsync(db, access.Course!.Enrollment!.Id, access.Item!.Id, now, ct);
        }
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
        DateTimeOffset? completedAt = completed ? now : null;
        var enrollmentId = access.Course!.Enrollment!.Id;
        // Her enrollment row is locked first, so two lessons completed at once (two tabs) are
        // counted one after the other and the count on the enrollment cannot drift.
        await db.InTransactionAsync(async ct =>
        {
            await LearnSql.LockEnrollmentAsync(db, enrollmentId, ct);
            await LearnSql.SetLessonCompletedAsync(db, enrollmentId, access.Item!.Id, now, completedAt, ct);
            await LearnSql.RecountProgressOfEnrollmentAsync(db, enrollmentId, ct);
        }, ct);
    }
}
