using System.ComponentModel.DataAnnotations;

namespace AnxiousToSecure.Core.Drip;

public sealed class DripOptions
{
    public const string Section = "Drip";

    /// <summary>How often the sweeper releases lessons and sends due email (cron, UTC).</summary>
    [Required]
    public string SweepCron { get; set; } = "* * * * *";

    /// <summary>Sends tried for one email before it is marked failed and shown to admins.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Emails sent at once by one sweep (each on its own connection and transaction).</summary>
    [Range(1, 32)]
    public int Parallelism { get; set; } = 4;

    /// <summary>Enrollments locked and scheduled per transaction when releasing lessons.</summary>
    [Range(1, 10_000)]
    public int ReleaseBatchSize { get; set; } = 500;

    /// <summary>
    /// How long a student whose email is being sent is kept from other sweepers: the send is given half of it, writing its
    /// outcome (through a database outage too) the rest. At least four SMTP timeouts (checked at start); a sender that
    /// dies leaves her email to be sent again when it ends.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan SendLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Wait before the next try after the Nth failure (the last value repeats).</summary>
    public static TimeSpan Backoff(int failures) =>
        TimeSpan.FromMinutes(failures switch { <= 1 => 1, 2 => 5, 3 => 15, 4 => 60, 5 => 180, _ => 360 });
}
