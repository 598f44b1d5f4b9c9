using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;

namespace AnxiousToSecure.Core.Learn;

public enum EnrollmentStatus
{
    Active,
    Refunded,
    Revoked,
    Disputed,

    /// <summary>A payment plan's later payment could not be collected: lessons wait (progress and journal stay) until she pays or an admin restores access.</summary>
    PaymentPaused,
}

public enum EnrollmentSource
{
    Purchase,
    Grant,

    /// <summary>Someone else bought it for her: a redeemed gift.</summary>
    Gift,
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

    /// <summary>Set while the student has paused her course: nothing new unlocks and no email goes out.</summary>
    public DateTimeOffset? PausedAt { get; set; }

    /// <summary>Whole local days spent paused so far; every later unlock moves by this much.</summary>
    public int PausedDays { get; set; }

    /// <summary>
    /// When the drip sweeper should next look at this enrollment (the next unlock, or "now" after
    /// anything that changes the schedule). Null: nothing left to unlock. Keeps an idle sweep to an index scan.
    /// </summary>
    public DateTimeOffset? NextReleaseCheckAt { get; set; }

    public DateTimeOffset? LastLessonEmailAt { get; set; }

    /// <summary>
    /// A swept email to her (a lesson email or a gentle return note) is on its way until then: no sweeper claims her
    /// before it, and the sender writes its outcome by then (<see cref="Email.LeasedSend"/>). Null: none is.
    /// </summary>
    public DateTimeOffset? EmailLeasedUntil { get; set; }

    /// <summary>When she last resumed a pause: the quiet spell before a gentle return email counts from here at the earliest.</summary>
    public DateTimeOffset? ResumedAt { get; set; }

    /// <summary>Gentle return emails sent for this enrollment (at most <see cref="Drip.GentleReturnOptions.MaxPerEnrollment"/>).</summary>
    public int ReturnEmailsSent { get; set; }

    public DateTimeOffset? LastReturnEmailAt { get; set; }

    /// <summary>Failed tries of the gentle return email now due; the next try waits until <see cref="ReturnEmailRetryAt"/>.</summary>
    public int ReturnEmailAttempts { get; set; }

    public DateTimeOffset? ReturnEmailRetryAt { get; set; }

    /// <summary>
    /// How many lessons she has marked complete, kept in step with <c>LessonProgress</c> by the
    /// statement that changes it, so the admin table can filter and sort 100,000 students by progress.
    /// </summary>
    public int CompletedLessons { get; set; }

    public bool IsActive => GivesAccess(Status);

    /// <summary>
    /// The one rule of whether an enrollment in <paramref name="status"/> opens lessons: only an
    /// active one does (a refund, a revoke or an open dispute closes them). Every page that says
    /// whether her course runs asks this.
    /// </summary>
    public static bool GivesAccess(EnrollmentStatus status) => status == EnrollmentStatus.Active;
}
