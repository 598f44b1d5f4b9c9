using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Feedback;
using AnxiousToSecure.Core.Settings;

namespace AnxiousToSecure.Core.Learn;

public enum LessonState
{
    Completed,
    Available,
    Locked,
}

public sealed record LessonItem(
    int Id,
    string Slug,
    string Title,
    int Minutes,
    int ReleaseAfterDays,
    LessonState State,
    DateTimeOffset? UnlocksAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? LastViewedAt);

public sealed record ModuleItem(string Slug, string Title, string Summary, IReadOnlyList<LessonItem> Lessons);

/// <summary>
/// The course as one student sees it right now: every published lesson with its state, over the
/// shared <see cref="CourseContent"/> (the same snapshot for everyone; what is hers is per request).
/// </summary>
public sealed record StudentCourse(CourseContent Content, Enrollment? Enrollment, TimeZoneInfo Zone, IReadOnlyList<ModuleItem> Modules)
{
    public Course Course => Content.Course;

    public IReadOnlyList<LessonItem> Lessons { get; } = [.. Modules.SelectMany(m => m.Lessons)];

    public bool HasAccess => Enrollment is { IsActive: true };

    /// <summary>The lessons whose practice she saved to her toolkit, newest first (ids; the toolkit shows only those she can read).</summary>
    public IReadOnlyList<int> Toolkit { get; init; } = [];

    public bool Saved(int lessonId) => Toolkit.Contains(lessonId);

    /// <summary>She paused her course: nothing new opens and no lesson email goes out until she resumes.</summary>
    public bool IsPaused => Enrollment is { PausedAt: not null };

    public int CompletedCount => Lessons.Count(l => l.State == LessonState.Completed);

    /// <summary>She has not opened or finished a lesson yet: her first visit, as far as her course can tell.</summary>
    public bool IsNew => Lessons.All(l => l.LastViewedAt is null && l.CompletedAt is null);

    /// <summary>Where to pick up: the last lesson opened and not finished, else the first open one not finished.</summary>
    public LessonItem? ContinueLesson =>
        Lessons.Where(l => l.State == LessonState.Available && l.LastViewedAt is not null).MaxBy(l => l.LastViewedAt)
        ?? Lessons.FirstOrDefault(l => l.State == LessonState.Available);

    public IEnumerable<LessonItem> Upcoming => Lessons.Where(l => l.State == LessonState.Locked && l.UnlocksAt is not null).OrderBy(l => l.UnlocksAt);

    /// <summary>The hour her lessons open, in her zone (hers, else the course's morning hour).</summary>
    public int UnlockHour { get; init; } = 8;

    /// <summary>Lessons she opened herself that her schedule has not reached yet.</summary>
    public int OpenedAhead { get; init; }

    /// <summary>The first lesson, in course order, that has not opened for her yet: the one "open the next lesson now" opens.</summary>
    public LessonItem? NextLocked => Lessons.FirstOrDefault(l => l.State == LessonState.Locked);

    /// <summary>
    /// The one rule of "open the next lesson now": her course runs (active, not paused), the instructor
    /// allows opening ahead, there is a lesson still to open, and fewer than the allowed number are
    /// open ahead of her schedule right now.
    /// </summary>
    public bool CanOpenNextEarly => HasAccess && !IsPaused && NextLocked is not null && OpenedAhead < Course.EarlyUnlockLimit;

    public LessonItem? Previous(string slug) => Neighbour(slug, -1);

    public LessonItem? Next(string slug) => Neighbour(slug, +1);

    /// <summary>A moment as she reads it everywhere: "Thursday 3 December, 8:00 am" in her zone (<see cref="TimeDisplay"/>).</summary>
    public string Format(DateTimeOffset instant) => TimeDisplay.DateTime(instant, Zone);

    private LessonItem? Neighbour(string slug, int step)
    {
        var index = Lessons.Select(l => l.Slug).ToList().IndexOf(slug);
        var neighbour = index + step;
        return index >= 0 && neighbour >= 0 && neighbour < Lessons.Count ? Lessons[neighbour] : null;
    }
}

public enum AccessDecision
{
    Granted,
    NotFound,
    SignInRequired,
    NotEnrolled,
    EnrollmentInactive,
    Locked,

    /// <summary>Not hers to work in, but a free-preview lesson: she may read it (no progress, no journal).</summary>
    FreePreview,
}

/// <param name="Lesson">The lesson's shared content (text, files): only when granted.</param>
public sealed record LessonAccess(AccessDecision Decision, StudentCourse? Course, LessonItem? Item, ContentLesson? Lesson)
{
    /// <summary>Her lesson: she may read it, mark it complete and write in her journal.</summary>
    public bool Granted => Decision == AccessDecision.Granted;

    /// <summary>She may read it: her lesson, or the free preview.</summary>
    public bool Readable => Decision is AccessDecision.Granted or AccessDecision.FreePreview;

    /// <summary>Her journal entry for this lesson, still encrypted (whatever the decision: it is hers).</summary>
    public JournalCiphertext? Journal { get; init; }

    /// <summary>Where she stopped listening to this lesson's recording, in seconds (0: from the start). Read with the rest of hers.</summary>
    public int AudioPositionSeconds { get; init; }

    /// <summary>Her answer to "How did this lesson land?", if she gave one.</summary>
    public HerFeedback? Feedback { get; init; }
}

/// <summary>The student's view composed from the shared content and what is hers: the rule of lesson states, with no database or clock.</summary>
public static class StudentCourseComposition
{
    /// <summary>
    /// Every published lesson with its state for her: locked unless her enrollment is active AND the
    /// lesson is open (released to her once, or she has progress on it, or its unlock time has come);
    /// completed when her progress says so.
    /// </summary>
    public static StudentCourse Compose(CourseContent content, HerCourse her, TimeZoneInfo zone, DateTimeOffset now)
    {
        var course = content.Course;
        var enrollment = her.Enrollment;
        var hour = UnlockSchedule.HourFor(her.UnlockHour, course.MorningUnlockHour);
        var modules = content.Modules.Select(m => new ModuleItem(m.Slug, m.Title, m.Summary, [.. m.Lessons.Select(l =>
        {
            her.Progress.TryGetValue(l.Id, out var p);
            DateTimeOffset? unlocksAt = enrollment is null ? null : UnlockSchedule.ReleaseAt(enrollment, l.ReleaseAfterDays, zone, hour);
            // A lesson that has opened for her once stays open, whatever the schedule says later.
            var open = her.Released.Contains(l.Id) || p is not null || unlocksAt <= now;
            var state = enrollment is not { IsActive: true } || !open
                ? LessonState.Locked
                : p?.CompletedAt is not null ? LessonState.Completed : LessonState.Available;
            return new LessonItem(l.Id, l.Slug, l.Title, l.Minutes, l.ReleaseAfterDays, state, unlocksAt, p?.CompletedAt, p?.LastViewedAt);
        })])).ToList();
        return new StudentCourse(content, enrollment, zone, modules)
        {
            UnlockHour = hour,
            // "At that moment": a lesson opened early counts only while her schedule has not reached it yet.
            OpenedAhead = modules.SelectMany(m => m.Lessons).Count(l => her.ReleasedEarly.Contains(l.Id) && l.UnlocksAt > now),
            Toolkit = her.Toolkit,
        };
    }
}
