using AnxiousToSecure.Core.Author;
using AnxiousToSecure.Core.Care;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Core.Feedback;

public enum FeedbackSaveResult
{
    Saved,

    /// <summary>Only a lesson she can read is answered.</summary>
    NoAccess,

    /// <summary>Not one of the three answers.</summary>
    NoAnswer,

    TooLong,
}

/// <summary>
/// A practice offered when a lesson was too much: the newest practice in her toolkit other than this
/// lesson's, or else the course's grounding lesson's. <see cref="CanOpen"/>: the lesson itself is open
/// to her (the practice's words are offered either way; the link only when she can follow it).
/// </summary>
public sealed record GroundingOffer(string Slug, string Title, string PracticeHtml, bool FromToolkit, bool CanOpen);

/// <summary>How many students gave each answer to one lesson.</summary>
public sealed record LandingCounts(int Helpful, int NotForMe, int TooMuch)
{
    public int Total => Helpful + NotForMe + TooMuch;
}

/// <summary>A note as the instructor reads it: the answer it came with and its words, never who wrote it.</summary>
public sealed record LandingNote(LessonLanding Answer, string Text);

/// <summary>
/// One published lesson in the instructor's report: how many students reached it (<see cref="LessonReach"/>),
/// opened it (a progress row: she viewed or completed it) and completed it, how many of those who stopped
/// completed it last (<see cref="StoppedAfter"/>), and how it landed. No names.
/// </summary>
public sealed record LessonLandingReport(int Number, string Slug, string Title, int Reached, int Opened, int Completed, LandingCounts Answers, IReadOnlyList<LandingNote> Notes)
{
    /// <summary>Students who stopped with this lesson as the last one they completed.</summary>
    public int StoppedAfter { get; init; }
}

/// <param name="Students">Everyone enrolled in the course, whatever the enrollment's state now: the chart's full length.</param>
public sealed record LandingReport(int Students, IReadOnlyList<LessonLandingReport> Lessons)
{
    /// <summary>The quiet spell after which a student counts as stopped (<see cref="GentleReturnOptions.QuietDays"/>).</summary>
    public int QuietDays { get; init; }

    /// <summary>Students who stopped before completing any lesson.</summary>
    public int StoppedBeforeFirst { get; init; }

    /// <summary>Every student who stopped, wherever she stopped.</summary>
    public int Stopped => StoppedBeforeFirst + Lessons.Sum(l => l.StoppedAfter);
}

/// <summary>
/// "How did this lesson land?": her one answer per lesson (changeable), the care offered when it was too
/// much, and the instructor's report (counts, notes and the drop-off of every published lesson) with no names.
/// </summary>
public sealed class FeedbackService(AppDbContext db, StudentCourseService courses, CourseContentCache content, IOptions<CareOptions> care, IOptions<GentleReturnOptions> quiet, TimeProvider time)
{
    /// <summary>The words each answer is given on the lesson page and in the report.</summary>
    public static string Label(LessonLanding answer) => answer switch
    {
        LessonLanding.Helpful => "Helpful",
        LessonLanding.NotForMe => "Not for me",
        _ => "Too much right now",
    };

    /// <summary>Records (or changes) her answer for a lesson she can read; a blank note is no note.</summary>
    public async Task<FeedbackSaveResult> SaveAsync(string userId, string slug, string? answer, string? note, CancellationToken ct = default)
    {
        if (!Enum.TryParse<LessonLanding>(answer, ignoreCase: false, out var landing) || !Enum.IsDefined(landing) || int.TryParse(answer, out _)) return FeedbackSaveResult.NoAnswer;
        var trimmed = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (trimmed?.Length > LessonFeedback.NoteMaxLength) return FeedbackSaveResult.TooLong;
        var access = await courses.GetLessonAsync(userId, slug, ct);
        if (!access.Granted) return FeedbackSaveResult.NoAccess;
        await FeedbackSql.SaveAsync(db, userId, access.Item!.Id, landing, trimmed, time.GetUtcNow(), ct);
        return FeedbackSaveResult.Saved;
    }

    /// <summary>The grounding practice to offer on a lesson she found too much (see <see cref="GroundingOffer"/>); null when there is none to offer.</summary>
    public GroundingOffer? GroundingFor(StudentCourse view, string currentSlug) => Grounding(view, currentSlug, care.Value.GroundingLesson);

    /// <summary>The rule of <see cref="GroundingFor"/>, with no options: her newest saved practice she can read that is not this lesson's, else the grounding lesson's (unless that is this lesson).</summary>
    public static GroundingOffer? Grounding(StudentCourse view, string currentSlug, string? groundingSlug)
    {
        var byId = view.Lessons.ToDictionary(l => l.Id);
        foreach (var id in view.Toolkit)
        {
            if (byId.TryGetValue(id, out var item) && item.Slug != currentSlug && item.State != LessonState.Locked && view.Content.Lesson(item.Slug) is { } saved)
            {
                return new GroundingOffer(saved.Slug, saved.Title, saved.Html.Practice, FromToolkit: true, CanOpen: true);
            }
        }
        if (groundingSlug is null || groundingSlug == currentSlug || view.Content.Lesson(groundingSlug) is not { } grounding) return null;
        var open = view.Lessons.FirstOrDefault(l => l.Slug == groundingSlug)?.State is LessonState.Available or LessonState.Completed;
        return new GroundingOffer(grounding.Slug, grounding.Title, grounding.Html.Practice, FromToolkit: false, CanOpen: open);
    }

    /// <summary>
    /// The instructor's report: every published lesson in course order with its drop-off figures, answer
    /// counts and notes (newest first). Counts and words only: nothing that names or identifies a student.
    /// Where the ones who stopped stopped: a student has stopped when her enrollment gives access, is not
    /// paused, has not every published lesson completed, and she has opened or completed nothing (nor started
    /// or resumed) for the gentle return's quiet days; she stopped after the lesson she completed last.
    /// </summary>
    public async Task<LandingReport> ReportAsync(CancellationToken ct = default)
    {
        var shared = await content.GetAsync(ct);
        if (shared is null) return new LandingReport(0, []);
        var courseId = shared.Course.Id;
        var students = await db.Enrollments.CountAsync(e => e.CourseId == courseId, ct);
        var reached = await LessonReach.Reachers(db.LessonReleases, db.LessonProgress, db.JournalEntries)
            .GroupBy(r => r.LessonId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var progress = await db.LessonProgress.GroupBy(p => p.LessonId)
            .Select(g => new { g.Key, Opened = g.Count(), Completed = g.Count(p => p.CompletedAt != null) })
            .ToDictionaryAsync(x => x.Key, ct);
        var answers = await db.Set<LessonFeedback>().GroupBy(f => new { f.LessonId, f.Answer })
            .Select(g => new { g.Key.LessonId, g.Key.Answer, Count = g.Count() })
            .ToListAsync(ct);
        var notes = (await db.Set<LessonFeedback>().AsNoTracking().Where(f => f.Note != null).OrderByDescending(f => f.UpdatedAt)
            .Select(f => new { f.LessonId, f.Answer, f.Note })
            .ToListAsync(ct)).ToLookup(n => n.LessonId, n => new LandingNote(n.Answer, n.Note!));
        var quietDays = quiet.Value.QuietDays;
        var stopped = await FeedbackSql.StoppedAsync(db, courseId, [.. shared.Lessons.Select(l => l.Id)], time.GetUtcNow().AddDays(-quietDays), ct);
        int StoppedAfter(int? lessonId) => stopped.Where(s => s.LessonId == lessonId).Sum(s => s.Students);

        int Count(int lessonId, LessonLanding answer) => answers.FirstOrDefault(a => a.LessonId == lessonId && a.Answer == answer)?.Count ?? 0;
        var lessons = shared.Lessons.Select((l, i) => new LessonLandingReport(
            i + 1, l.Slug, l.Title,
            reached.GetValueOrDefault(l.Id),
            progress.TryGetValue(l.Id, out var p) ? p.Opened : 0,
            p?.Completed ?? 0,
            new LandingCounts(Count(l.Id, LessonLanding.Helpful), Count(l.Id, LessonLanding.NotForMe), Count(l.Id, LessonLanding.TooMuch)),
            [.. notes[l.Id]]) { StoppedAfter = StoppedAfter(l.Id) }).ToList();
        return new LandingReport(students, lessons) { QuietDays = quietDays, StoppedBeforeFirst = StoppedAfter(null) };
    }
}
