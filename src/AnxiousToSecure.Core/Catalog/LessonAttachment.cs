namespace AnxiousToSecure.Core.Catalog;

/// <summary>A worksheet or recording that goes with a lesson, stored in PostgreSQL (backed up with the rest, shared by every instance).</summary>
public sealed class LessonAttachment
{
    public Guid Id { get; set; }
    public int LessonId { get; set; }
    public Lesson? Lesson { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required byte[] Content { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}
