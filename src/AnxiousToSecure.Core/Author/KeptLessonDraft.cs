namespace AnxiousToSecure.Core.Author;

/// <summary>
/// Edits to a published lesson that are not published yet: one per lesson, beside the lesson row
/// (which students keep reading, and which the content cache and the course export read) until the
/// instructor publishes or discards it.
/// </summary>
public sealed class KeptLessonDraft
{
    public int LessonId { get; set; }
    public Catalog.Lesson? Lesson { get; set; }
    public required string Title { get; set; }
    public required string Slug { get; set; }
    public int ReleaseAfterDays { get; set; }
    public int Minutes { get; set; }
    public string Practice { get; set; } = "";
    public string ReflectionPrompt { get; set; } = "";
    public string? ContentNote { get; set; }
    public bool FreePreview { get; set; }
    public string BodyMarkdown { get; set; } = "";

    /// <summary>The lesson's row version the draft was written over: publishing it after someone else changed the lesson is a conflict.</summary>
    public long BaseVersion { get; set; }

    public DateTimeOffset SavedAt { get; set; }
}
