using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;

namespace AnxiousToSecure.Core.Toolkit;

/// <summary>
/// A lesson's practice she saved to her toolkit: one row per student and lesson (saving twice keeps
/// the first). Hers alone: listed only to her, in her data export, deleted with her account.
/// </summary>
public sealed class ToolkitItem
{
    public required string UserId { get; set; }
    public ApplicationUser? User { get; set; }
    public int LessonId { get; set; }
    public Lesson? Lesson { get; set; }
    public DateTimeOffset SavedAt { get; set; }
}
