using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Journal;
using AnxiousToSecure.Core.Learn;

namespace AnxiousToSecure.Core.Author;

/// <summary>One student who has reached one lesson.</summary>
/// <remarks>Set with properties, not a constructor: EF Core can only compare the columns of a UNION it can name.</remarks>
public sealed record LessonReacher
{
    public int LessonId { get; init; }
    public required string UserId { get; init; }
}

/// <summary>
/// A student has reached a lesson once it opened for her (a release), she opened it (progress) or
/// wrote about it (a journal entry). The outline shows how many students reached each lesson, and
/// a lesson anyone reached is unpublished rather than deleted, so her progress and journal stay:
/// both read this one definition.
/// </summary>
public static class LessonReach
{
    /// <summary>Each (lesson, student) pair once, however many of the three things she has.</summary>
    public static IQueryable<LessonReacher> Reachers(IQueryable<LessonRelease> releases, IQueryable<LessonProgress> progress, IQueryable<JournalEntry> journal) =>
        releases.Select(r => new LessonReacher { LessonId = r.LessonId, UserId = r.Enrollment!.UserId })
            .Union(progress.Select(p => new LessonReacher { LessonId = p.LessonId, UserId = p.Enrollment!.UserId }))
            .Union(journal.Select(j => new LessonReacher { LessonId = j.LessonId, UserId = j.UserId }));
}
