using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Learn;

namespace AnxiousToSecure.Core.Drip;

public enum DripEmailStatus
{
    /// <summary>Waiting to be sent at <see cref="LessonRelease.NextAttemptAt"/>.</summary>
    Pending,
    Sent,

    /// <summary>Every attempt failed; shown to admins, who can retry it.</summary>
    Failed,

    /// <summary>Not sent by the student's choice (reminders off or course paused).</summary>
    Skipped,

    /// <summary>Not sent because the enrollment stopped (refund, revocation, dispute).</summary>
    Cancelled,
}

/// <summary>
/// The moment a lesson unlocked for one student, and the email that tells her. One row per
/// (enrollment, lesson): the row is both the "never locks again" record and the email outbox entry.
/// </summary>
public sealed class LessonRelease
{
    public long Id { get; set; }
    public Guid EnrollmentId { get; set; }
    public Enrollment? Enrollment { get; set; }
    public int LessonId { get; set; }
    public Lesson? Lesson { get; set; }

    /// <summary>When the schedule opened the lesson for her (not when the sweeper noticed).</summary>
    public DateTimeOffset ReleasedAt { get; set; }

    /// <summary>She opened it herself ahead of her schedule ("open the next lesson now"); no email goes out for it.</summary>
    public bool Early { get; set; }

    public DripEmailStatus EmailStatus { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
}
