using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;

namespace AnxiousToSecure.Core.Journal;

/// <summary>
/// A student's answer to one lesson's reflection prompt. Only ciphertext is stored (ASP.NET Core
/// Data Protection, a purpose per student); it belongs to her, not to her enrollment, so a refund
/// or revocation leaves it readable, editable and exportable.
/// </summary>
public sealed class JournalEntry
{
    public Guid Id { get; set; }
    public required string UserId { get; set; }
    public ApplicationUser? User { get; set; }
    public int LessonId { get; set; }
    public Lesson? Lesson { get; set; }
    public required string Ciphertext { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
