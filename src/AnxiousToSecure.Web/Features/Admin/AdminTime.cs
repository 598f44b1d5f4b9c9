using System.Globalization;
using AnxiousToSecure.Web.Components.Shared;

namespace AnxiousToSecure.Web.Features.Admin;

/// <summary>
/// Dates and times on the admin pages, all in the reading admin's zone and in the site's one style
/// (<see cref="Display"/>): never UTC on one page and another format on the next. The page loads
/// the zone (<see cref="Core.Admin.StaffZones"/>) and cascades this to its sections.
/// </summary>
public sealed record AdminTime(TimeZoneInfo Zone)
{
    public string At(DateTimeOffset instant) => Display.LocalDateTime(TimeZoneInfo.ConvertTime(instant, Zone));

    public string Day(DateTimeOffset instant) => Display.LocalDate(TimeZoneInfo.ConvertTime(instant, Zone));

    /// <summary>The instant for a <c>&lt;time datetime&gt;</c> attribute: exact, with its offset.</summary>
    public static string Machine(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A line for the page: which zone its times are in.</summary>
    public string Note => $"Times are in {Zone.Id}, your time zone (change it in your account settings).";
}
