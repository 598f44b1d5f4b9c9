using AnxiousToSecure.Core.Settings;

namespace AnxiousToSecure.Core.Learn;

/// <summary>When a lesson unlocks for one student: the pure rule, with no database or clock.</summary>
public static class UnlockSchedule
{
    /// <summary>
    /// Day-0 lessons unlock the moment the enrollment starts. A lesson released after N days unlocks on
    /// the student's local calendar day (start day + N) at the morning hour of their own time zone,
    /// so a Denver student and a Tokyo student both get it at breakfast, across DST changes.
    /// </summary>
    public static DateTimeOffset UnlockAt(DateTimeOffset enrollmentStart, int releaseAfterDays, TimeZoneInfo zone, int morningHour)
    {
        if (releaseAfterDays <= 0) return enrollmentStart;
        var localStart = TimeZoneInfo.ConvertTime(enrollmentStart, zone);
        var day = DateOnly.FromDateTime(localStart.DateTime).AddDays(releaseAfterDays);
        return AtLocalTime(day, new TimeOnly(morningHour, 0), zone);
    }

    /// <summary>
    /// When a lesson releases for this enrollment: the plain schedule moved by the days she spent
    /// paused. Null while she is paused (nothing new opens until she resumes). Day-0 lessons open at
    /// the start whatever happens later.
    /// </summary>
    public static DateTimeOffset? ReleaseAt(Enrollment enrollment, int releaseAfterDays, TimeZoneInfo zone, int morningHour)
    {
        if (releaseAfterDays <= 0) return enrollment.StartedAt;
        if (enrollment.PausedAt is not null) return null;
        return UnlockAt(enrollment.StartedAt, releaseAfterDays + enrollment.PausedDays, zone, morningHour);
    }

    /// <summary>Whole local calendar days from one instant to another, as a wall calendar in that zone counts them.</summary>
    public static int LocalDaysBetween(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone) =>
        Math.Max(0, LocalDate(to, zone).DayNumber - LocalDate(from, zone).DayNumber);

    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>
    /// The instant a wall-clock time happens on a local day. A time skipped by a spring-forward gap
    /// moves to the first minute after the gap; a time that happens twice (fall back) takes the first.
    /// </summary>
    public static DateTimeOffset AtLocalTime(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(1);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        // In UTC: PostgreSQL's timestamptz takes only offset zero, and instants compare the same either way.
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The hour her lessons open: her own choice in reminder settings, else the course's morning hour.</summary>
    public static int HourFor(int? herHour, int courseMorningHour) => herHour is >= 0 and <= 23 ? herHour.Value : courseMorningHour;

    /// <summary>The student's zone, else the course default, else UTC: a bad id never breaks a page.</summary>
    public static TimeZoneInfo ResolveZone(string? studentZone, string courseDefault)
    {
        if (studentZone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(studentZone, out var zone)) return zone;
        return TimeZoneInfo.TryFindSystemTimeZoneById(courseDefault, out var fallback) ? fallback : TimeZoneInfo.Utc;
    }
}
