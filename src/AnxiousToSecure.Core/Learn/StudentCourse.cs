using AnxiousToSecure.Core.Catalog;

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

/// <summary>The course as one student sees it right now: every published lesson with its state.</summary>
public sealed record StudentCourse(Course Course, Enrollment? Enrollment, TimeZoneInfo Zone, IReadOnlyList<ModuleItem> Modules)
{
    public IReadOnlyList<LessonItem> Lessons { get; } = [.. Modules.SelectMany(m => m.Lessons)];

    public bool HasAccess => Enrollment is { IsActive: true };

    /// <summary>She paused her course: nothing new opens and no lesson email goes out until she resumes.</summary>
    public bool IsPaused => Enrollment is { PausedAt: not null };

    public int CompletedCount => Lessons.Count(l => l.State == LessonState.Completed);

    /// <summary>Where to pick up: the last lesson opened and not finished, else the first open one not finished.</summary>
    public LessonItem? ContinueLesson =>
        Lessons.Where(l => l.State == LessonState.Available && l.LastViewedAt is not null).MaxBy(l => l.LastViewedAt)
        ?? Lessons.FirstOrDefault(l => l.State == LessonState.Available);

    public IEnumerable<LessonItem> Upcoming => Lessons.Where(l => l.State == LessonState.Locked && l.UnlocksAt is not null).OrderBy(l => l.UnlocksAt);

    public LessonItem? Previous(string slug) => Neighbour(slug, -1);

    public LessonItem? Next(string slug) => Neighbour(slug, +1);

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

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
}

public sealed record LessonAccess(AccessDecision Decision, StudentCourse? Course, LessonItem? Item, Lesson? Lesson)
{
    public bool Granted => Decision == AccessDecision.Granted;
}
