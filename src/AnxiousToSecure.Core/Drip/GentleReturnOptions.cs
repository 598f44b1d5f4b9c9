using System.ComponentModel.DataAnnotations;

namespace AnxiousToSecure.Core.Drip;

/// <summary>The gentle return email: one discreet note after a quiet spell, never more than a couple per enrollment.</summary>
public sealed class GentleReturnOptions
{
    public const string Section = "GentleReturn";

    /// <summary>Days without opening a lesson before the note goes out (from enrollment, a resume, or the last note, if later).</summary>
    [Range(1, 365)]
    public int QuietDays { get; set; } = 10;

    /// <summary>Notes at most per enrollment, over its whole life.</summary>
    [Range(0, 10)]
    public int MaxPerEnrollment { get; set; } = 2;

    /// <summary>How often the job looks for quiet students (cron, UTC).</summary>
    [Required]
    public string SweepCron { get; set; } = "*/15 * * * *";
}
