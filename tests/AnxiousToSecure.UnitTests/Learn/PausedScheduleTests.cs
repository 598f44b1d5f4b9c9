using AnxiousToSecure.Core.Learn;

namespace AnxiousToSecure.UnitTests.Learn;

/// <summary>The schedule of one enrollment: pauses move it by whole local days, and days are counted on her own calendar.</summary>
[Trait("Category", "Learn")]
public sealed class PausedScheduleTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
    private static readonly TimeZoneInfo Denver = TimeZoneInfo.FindSystemTimeZoneById("America/Denver");

    // 2026-05-11 02:00 UTC is 2026-05-10 20:00 in Denver (MDT, UTC-6).
    private static readonly DateTimeOffset Start = new(2026, 5, 11, 2, 0, 0, TimeSpan.Zero);

    private static Enrollment Enrollment(int pausedDays = 0, DateTimeOffset? pausedAt = null) =>
        new() { UserId = "ana", StartedAt = Start, PausedDays = pausedDays, PausedAt = pausedAt };

    [Fact]
    public void A_day_zero_lesson_opens_at_the_start_even_while_she_is_paused()
    {
        Assert.Equal(Start, UnlockSchedule.ReleaseAt(Enrollment(pausedAt: Start.AddHours(1)), 0, Denver, 8));
        Assert.Equal(Start, UnlockSchedule.ReleaseAt(Enrollment(pausedDays: 4), 0, Denver, 8));
    }

    [Fact]
    public void Nothing_later_opens_while_she_is_paused()
    {
        Assert.Null(UnlockSchedule.ReleaseAt(Enrollment(pausedAt: Start.AddDays(1)), 1, Denver, 8));
    }

    [Fact]
    public void Without_a_pause_a_later_lesson_opens_on_the_plain_schedule()
    {
        Assert.Equal(UnlockSchedule.UnlockAt(Start, 2, Denver, 8), UnlockSchedule.ReleaseAt(Enrollment(), 2, Denver, 8));
        Assert.Equal(new DateTimeOffset(2026, 5, 12, 14, 0, 0, TimeSpan.Zero), UnlockSchedule.ReleaseAt(Enrollment(), 2, Denver, 8));
    }

    [Fact]
    public void Days_spent_paused_move_a_later_lesson_by_as_many_days()
    {
        // Day 2 plus 3 paused days opens like day 5: 2026-05-15 08:00 in Denver.
        Assert.Equal(new DateTimeOffset(2026, 5, 15, 14, 0, 0, TimeSpan.Zero), UnlockSchedule.ReleaseAt(Enrollment(pausedDays: 3), 2, Denver, 8));
    }

    [Fact]
    public void An_hour_across_her_local_midnight_is_one_local_day()
    {
        // 23:30 to 00:30 in Tokyo (14:30 to 15:30 UTC, the same UTC day).
        var before = new DateTimeOffset(2026, 5, 10, 14, 30, 0, TimeSpan.Zero);
        Assert.Equal(1, UnlockSchedule.LocalDaysBetween(before, before.AddHours(1), Tokyo));
        Assert.Equal(0, UnlockSchedule.LocalDaysBetween(before, before.AddHours(1), TimeZoneInfo.Utc));
    }

    [Fact]
    public void Local_days_are_counted_on_her_calendar_and_never_negative()
    {
        var from = new DateTimeOffset(2026, 5, 10, 14, 30, 0, TimeSpan.Zero);
        Assert.Equal(3, UnlockSchedule.LocalDaysBetween(from, from.AddDays(3), Tokyo));
        Assert.Equal(0, UnlockSchedule.LocalDaysBetween(from.AddDays(3), from, Tokyo));
    }

    [Fact]
    public void Her_local_date_is_the_date_on_her_wall_calendar()
    {
        var instant = new DateTimeOffset(2026, 5, 10, 23, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2026, 5, 11), UnlockSchedule.LocalDate(instant, Tokyo));
        Assert.Equal(new DateOnly(2026, 5, 10), UnlockSchedule.LocalDate(instant, Denver));
    }
}
