using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;

namespace AnxiousToSecure.Core.Completion;

/// <summary>What she chose may be done with her note to the author.</summary>
public enum NoteConsent
{
    /// <summary>Only the course staff read it; it is never published.</summary>
    Private,

    /// <summary>May appear on the course page with her first name, once approved.</summary>
    FirstName,

    /// <summary>May appear on the course page without any name, once approved.</summary>
    Anonymous,
}

/// <summary>
/// Her answer to "What changed for you?" after the last lesson: one per student and course, hers to
/// edit, in her data export, deleted with her account. Not encrypted like the journal: it is written to
/// be read by the author. A changed text or consent withdraws the approval, so what is published is
/// always exactly what the instructor approved.
/// </summary>
public sealed class CompletionNote
{
    public const int MaxLength = 2_000;

    public Guid Id { get; set; }
    public required string UserId { get; set; }
    public ApplicationUser? User { get; set; }
    public int CourseId { get; set; }
    public Course? Course { get; set; }
    public required string Text { get; set; }
    public NoteConsent Consent { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Set when staff approved a publishable note; null while waiting or after a withdrawal.</summary>
    public DateTimeOffset? ApprovedAt { get; set; }

    public bool Publishable => Consent != NoteConsent.Private;
}
