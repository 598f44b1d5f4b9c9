using AnxiousToSecure.Core.Learn;

namespace AnxiousToSecure.Core.Admin;

/// <summary>Whether her course moves on: derived from her enrollment, never shown beside a status that says otherwise.</summary>
public enum CourseState
{
    Running,
    Paused,

    /// <summary>Her enrollment gives no access (refunded, revoked or disputed): nothing opens and no lesson email goes out, paused or not.</summary>
    Closed,
}

/// <summary>
/// What the student page says about her enrollment, so that no two facts on it contradict each
/// other: the course state follows <see cref="Enrollment.GivesAccess"/>, and a start set earlier
/// than the day she was enrolled (a complimentary place given "from" a date, the development
/// student) is said to be so, instead of a join date that seems to come after her start.
/// </summary>
public static class EnrollmentFacts
{
    public static CourseState Course(EnrollmentSummary e) =>
        !Enrollment.GivesAccess(e.Status) ? CourseState.Closed : e.PausedAt is null ? CourseState.Running : CourseState.Paused;

    /// <summary>What closed her course, in the words of the status line ("refunded", "revoked", "disputed").</summary>
    public static string ClosedBecause(EnrollmentStatus status) => status switch
    {
        EnrollmentStatus.Refunded => "her payment was refunded",
        EnrollmentStatus.Revoked => "her access was revoked",
        EnrollmentStatus.Disputed => "her payment is disputed",
        EnrollmentStatus.PaymentPaused => "a missing monthly payment paused her access",
        _ => "her enrollment gives no access",
    };

    /// <summary>Her lessons are counted from before the moment she was enrolled.</summary>
    public static bool StartSetEarlier(EnrollmentSummary e) => e.StartedAt < e.CreatedAt - TimeSpan.FromMinutes(1);
}
