using AnxiousToSecure.Core.Courses;
using AnxiousToSecure.Core.Data;

namespace AnxiousToSecure.Core.Enrollments;

public enum EnrollmentStatus
{
    Active,
    Refunded,
    Revoked,
    Disputed,
}

public enum EnrollmentSource
{
    Purchase,
    Grant,
}

public sealed class Enrollment
{
    public Guid Id { get; set; }
    public required string UserId { get; set; }
    public ApplicationUser? User { get; set; }
    public int CourseId { get; set; }
    public Course? Course { get; set; }
    public EnrollmentStatus Status { get; set; }
    public EnrollmentSource Source { get; set; }

    /// <summary>The moment the drip clock starts.</summary>
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset StatusChangedAt { get; set; }

    public bool IsActive => Status == EnrollmentStatus.Active;
}
