using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Settings;
using Microsoft.AspNetCore.Identity;

namespace AnxiousToSecure.Core.Data;

public sealed class ApplicationUser : IdentityUser
{
    public string? DisplayName { get; set; }

    /// <summary>IANA time zone id; null means "use the course default".</summary>
    public string? TimeZone { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Lesson reminder emails on or off. Turning them off never touches access.</summary>
    public bool LessonEmails { get; set; } = true;

    public DripEmailFormat LessonEmailFormat { get; set; }

    /// <summary>Her own unlock hour (0-23, in her zone); null means the course's morning hour.</summary>
    public int? UnlockHour { get; set; }

    /// <summary>The gentle return email (after a quiet spell) on or off; it also needs <see cref="LessonEmails"/>.</summary>
    public bool ReturnEmails { get; set; } = true;

    /// <summary>Changes on every unsubscribe, so each unsubscribe link works once.</summary>
    public int UnsubscribeStamp { get; set; }
}
