using AnxiousToSecure.Core.Catalog;

namespace AnxiousToSecure.Core.Learn;

public sealed class LessonProgress
{
    public long Id { get; set; }
    public Guid EnrollmentId { get; set; }
    public Enrollment? Enrollment { get; set; }
    public int LessonId { get; set; }
    public Lesson? Lesson { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset LastViewedAt { get; set; }

    /// <summary>Where she stopped listening to the lesson's audio version, in whole seconds (null: never played).</summary>
    public int? AudioPositionSeconds { get; set; }
}
