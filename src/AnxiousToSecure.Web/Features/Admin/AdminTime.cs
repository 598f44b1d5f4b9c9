using System.Globalization;
using AnxiousToSecure.Core.Settings;

namespace AnxiousToSecure.Web.Features.Admin;

/// <summary>
/// Dates and times on the admin pages, all in the reading admin's zone and in the site's one style
/// (<see cref="TimeDisplay"/>): never UTC on one page and another format on the next. The page loads
/// the zone (<see cref="TimeZones"/>) and cascades this to its sections.
/// </summary>
public sealed record AdminTime(TimeZoneInfo Zone)
{
    /// <summary>Records are kept for years: their times carry the year ("Thursday 3 December 2026, 8:00 am").</summary>
    public string At(DateTimeOffset instant) => TimeDisplay.DateTimeWithYear(instant, Zone);

    public string Day(DateTimeOffset instant) => TimeDisplay.Date(instant, Zone);

    /// <summary>The instant for a <c>&lt;time datetime&gt;</c> attribute: exact, with its offset.</summary>
    public static string Machine(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A line for the page: which zone its times are in.</summary>
    public string Note => $"Times are in {Zone.Id}, your time zone (change it in your account settings).";
}
