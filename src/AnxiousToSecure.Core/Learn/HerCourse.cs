using AnxiousToSecure.Core.Feedback;

namespace AnxiousToSecure.Core.Learn;

/// <summary>Her journal entry for one lesson, still encrypted (the journal decrypts it with her key).</summary>
public sealed record JournalCiphertext(Guid Id, string Ciphertext, DateTimeOffset UpdatedAt);

/// <summary>
/// Everything of hers a page needs, read in one statement (<see cref="LearnSql.ReadHersAsync"/>):
/// her enrollment (null: none), her own time zone, her progress rows, the lessons released to her,
/// and on a lesson her journal entry for it. Kept per instance by <see cref="HerStateCache"/>, as a read-only copy.
/// </summary>
/// <remarks>
/// <see cref="Toolkit"/>: the lessons whose practice she saved, newest first; <see cref="Feedback"/>: on a
/// lesson, her answer to "How did this lesson land?".
/// </remarks>
public sealed record HerCourse(
    Enrollment? Enrollment,
    string? TimeZone,
    IReadOnlyDictionary<int, LessonProgress> Progress,
    IReadOnlySet<int> Released,
    JournalCiphertext? Journal)
{
    public static readonly HerCourse Nothing = new(null, null, new Dictionary<int, LessonProgress>(), new HashSet<int>(), null);

    /// <summary>Her own unlock hour; null: the course's morning hour.</summary>
    public int? UnlockHour { get; init; }

    /// <summary>The lessons she opened herself ahead of her schedule.</summary>
    public IReadOnlySet<int> ReleasedEarly { get; init; } = new HashSet<int>();

    public IReadOnlyList<int> Toolkit { get; init; } = [];

    public HerFeedback? Feedback { get; init; }
}
