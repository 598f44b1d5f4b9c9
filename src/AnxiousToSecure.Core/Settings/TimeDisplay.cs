using System.Globalization;

namespace AnxiousToSecure.Core.Settings;

/// <summary>
/// The one way a date or a time is written for a person, on every page and in every email: in the
/// reader's own zone, as "Thursday 3 December, 8:00 am". Pages and emails both call this, so a
/// lesson email and the dashboard can never disagree about when something happens.
/// </summary>
public static class TimeDisplay
{
    private static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>"Thursday 3 December, 8:00 am": a moment near enough that the year goes without saying (openings, saves).</summary>
    public static string DateTime(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return $"{DayMonth(local.DateTime)}, {Clock(local.DateTime)}";
    }

    /// <summary>"Thursday 3 December 2026, 8:00 am": a moment on a record that is kept (purchases, logs, history).</summary>
    public static string DateTimeWithYear(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return $"{DayMonth(local.DateTime)} {local.Year}, {Clock(local.DateTime)}";
    }

    /// <summary>"Thursday 3 December 2026": the day in the reader's zone.</summary>
    public static string Date(DateTimeOffset instant, TimeZoneInfo zone) => Date(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime));

    /// <summary>"Thursday 3 December 2026": a calendar day that belongs to no zone (a chosen period).</summary>
    public static string Date(DateOnly day) => $"{DayMonth(day.ToDateTime(TimeOnly.MinValue))} {day.Year}";

    /// <summary>"8:00 am" in the reader's zone.</summary>
    public static string Time(DateTimeOffset instant, TimeZoneInfo zone) => Clock(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>"8:00 am": a whole hour of the day, as the clock above writes it (her unlock hour).</summary>
    public static string Hour(int hour) => Clock(new DateTime(2000, 1, 1, hour, 0, 0, DateTimeKind.Unspecified));

    private static string DayMonth(DateTime local) => local.ToString("dddd d MMMM", Culture);

    // "8:00 am", "12:30 pm": a 12-hour clock with lower-case am/pm, the same whatever the server's culture.
    private static string Clock(DateTime local)
    {
        var hour = local.Hour % 12 == 0 ? 12 : local.Hour % 12;
        return string.Create(CultureInfo.InvariantCulture, $"{hour}:{local.Minute:00} {(local.Hour < 12 ? "am" : "pm")}");
    }
}
