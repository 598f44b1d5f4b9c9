using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.TestSupport.Drip;

namespace AnxiousToSecure.UnitTests.Learn;

[Trait("Category", "Learn")]
public sealed class UnlockScheduleTests
{
    private static readonly TimeZoneInfo Denver = TimeZoneInfo.FindSystemTimeZoneById("America/Denver");
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public void Day_zero_lessons_open_the_moment_the_enrollment_starts()
    {
        var start = new DateTimeOffset(2026, 5, 10, 2, 30, 0, TimeSpan.Zero);
        Assert.Equal(start, UnlockSchedule.UnlockAt(start, 0, Denver, 8));
    }

    [Fact]
    public void A_later_lesson_opens_at_the_students_local_morning_hour()
    {
        // 2026-05-10 20:00 in Denver (MDT, UTC-6) is 2026-05-11 02:00 UTC.
        var start = new DateTimeOffset(2026, 5, 11, 2, 0, 0, TimeSpan.Zero);
        var unlock = UnlockSchedule.UnlockAt(start, 2, Denver, 8);
        Assert.Equal(new DateTimeOffset(2026, 5, 12, 8, 0, 0, TimeSpan.FromHours(-6)), unlock);
    }

    [Fact]
    public void The_local_calendar_day_counts_not_the_utc_day()
    {
        // 2026-05-10 23:30 UTC is already 2026-05-11 08:30 in Tokyo: day 1 is 2026-05-12 at 08:00 JST.
        var start = new DateTimeOffset(2026, 5, 10, 23, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 5, 12, 8, 0, 0, TimeSpan.FromHours(9)), UnlockSchedule.UnlockAt(start, 1, Tokyo, 8));
    }

    [Fact]
    public void Across_spring_forward_the_unlock_stays_at_local_morning()
    {
        // Enrolled on Friday 2026-03-06 (EST, UTC-5); DST starts Sunday 2026-03-08. Day 3 is Monday at 08:00 EDT.
        var start = new DateTimeOffset(2026, 3, 6, 17, 0, 0, TimeSpan.Zero);
        var unlock = UnlockSchedule.UnlockAt(start, 3, NewYork, 8);
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 8, 0, 0, TimeSpan.FromHours(-4)), unlock);
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 12, 0, 0, TimeSpan.Zero), unlock.ToUniversalTime());
    }

    [Fact]
    public void Across_fall_back_the_unlock_stays_at_local_morning()
    {
        // DST ends in Denver on 2026-11-01: before it 08:00 is 14:00 UTC, after it 15:00 UTC.
        var start = new DateTimeOffset(2026, 10, 30, 18, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 10, 31, 14, 0, 0, TimeSpan.Zero), UnlockSchedule.UnlockAt(start, 1, Denver, 8).ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 15, 0, 0, TimeSpan.Zero), UnlockSchedule.UnlockAt(start, 3, Denver, 8).ToUniversalTime());
    }

    [Fact]
    public void A_morning_hour_inside_a_dst_gap_moves_to_the_end_of_the_gap()
    {
        // 02:00-03:00 does not exist in New York on 2026-03-08.
        var at = UnlockSchedule.AtLocalTime(new DateOnly(2026, 3, 8), new TimeOnly(2, 30), NewYork);
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 3, 0, 0, TimeSpan.FromHours(-4)), at);
    }

    [Fact]
    public void A_repeated_local_time_takes_its_first_occurrence()
    {
        // 01:30 happens twice in New York on 2026-11-01; the first is EDT (UTC-4).
        var at = UnlockSchedule.AtLocalTime(new DateOnly(2026, 11, 1), new TimeOnly(1, 30), NewYork);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero), at.ToUniversalTime());
    }

    [Theory]
    [InlineData("Asia/Tokyo", "America/New_York", "Asia/Tokyo")]
    [InlineData(null, "America/New_York", "America/New_York")]
    [InlineData("Not/AZone", "America/New_York", "America/New_York")]
    [InlineData(null, "Nor/ThisOne", "UTC")]
    public void The_students_zone_falls_back_to_the_course_default_then_utc(string? student, string course, string expected)
    {
        Assert.Equal(expected, UnlockSchedule.ResolveZone(student, course).Id);
    }
}
