using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;

namespace AnxiousToSecure.Core.Feedback;

/// <summary>Her one-tap answer to "How did this lesson land?".</summary>
public enum LessonLanding
{
    Helpful,
    NotForMe,
    TooMuch,
}

/// <summary>
/// Her answer for one lesson: one per student and lesson, hers to change, with an optional short
/// note. The instructor sees only counts and the notes' words, never who wrote them. In her data
/// export, deleted with her account.
/// </summary>
public sealed class LessonFeedback
{
    public const int NoteMaxLength = 500;

    public required string UserId { get; set; }
    public ApplicationUser? User { get; set; }
    public int LessonId { get; set; }
    public Lesson? Lesson { get; set; }
    public LessonLanding Answer { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Her answer for the lesson she is reading, read with the rest of what is hers.</summary>
public sealed record HerFeedback(LessonLanding Answer, string? Note);
