using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport.Drip;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.IntegrationTests.Drip;

/// <summary>
/// At most one lesson email a day, where "a day" is her local calendar day: far from UTC, her day
/// and the UTC day part at different hours, so a cap counted in UTC days would let a second email
/// through the same evening or hold a new day's email back.
/// </summary>
[Trait("Category", "Drip")]
public sealed class DailyCapLocalDayTests : DripHarness
{
    /// <summary>The instructor makes the second lesson a day-0 lesson: it opens at once for her, after she has had an email.</summary>
    private async Task OpenAnotherLessonNowAsync()
    {
        await using var db = App.Database.CreateContext();
        await db.Lessons.Where(l => l.Slug == SecondLesson.Slug).ExecuteUpdateAsync(s => s.SetProperty(l => l.ReleaseAfterDays, 0));
        await db.Enrollments.ExecuteUpdateAsync(s => s.SetProperty(e => e.NextReleaseCheckAt, Now));
    }

    private async Task AssertHeldUntilAsync(ApplicationUser student, DateTimeOffset localMorning)
    {
        At(localMorning.AddMinutes(-1));
        await SweepAsync();
        Assert.Single(MailTo(student));
        At(localMorning);
        await SweepAsync();
        Assert.Equal(2, MailTo(student).Count);
        Assert.Equal([SecondLesson.Slug], LinkedSlugs(MailTo(student)[^1]));
    }

    [Fact]
    public async Task In_Tokyo_a_second_lesson_the_same_local_day_waits_although_the_UTC_date_has_changed()
    {
        // 2 March 15:00Z is midnight in Tokyo: the welcome goes out on her 3 March (UTC still says 2 March).
        var student = await EnrolledAsync("Asia/Tokyo");
        await SweepAsync();
        Assert.Single(MailTo(student));

        At(new DateTimeOffset(2026, 3, 3, 1, 0, 0, TimeSpan.Zero)); // 10:00 on 3 March in Tokyo, a new UTC date
        await OpenAnotherLessonNowAsync();
        Assert.Equal(1, (await SweepAsync()).Released);
        Assert.Single(MailTo(student));

        // Across her midnight it still waits for the morning: 08:00 JST on 4 March is 23:00Z on 3 March.
        At(new DateTimeOffset(2026, 3, 3, 15, 30, 0, TimeSpan.Zero)); // 00:30 on 4 March in Tokyo
        await SweepAsync();
        Assert.Single(MailTo(student));
        await AssertHeldUntilAsync(student, new DateTimeOffset(2026, 3, 3, 23, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task In_Denver_a_second_lesson_the_same_local_evening_waits_although_the_UTC_date_has_changed()
    {
        // 2 March 15:00Z is 08:00 MST: the welcome goes out on her 2 March morning.
        var student = await EnrolledAsync("America/Denver");
        await SweepAsync();
        Assert.Single(MailTo(student));

        At(new DateTimeOffset(2026, 3, 3, 2, 0, 0, TimeSpan.Zero)); // 19:00 on 2 March in Denver, already 3 March in UTC
        await OpenAnotherLessonNowAsync();
        Assert.Equal(1, (await SweepAsync()).Released);
        Assert.Single(MailTo(student));

        At(new DateTimeOffset(2026, 3, 3, 7, 30, 0, TimeSpan.Zero)); // 00:30 on 3 March in Denver
        await SweepAsync();
        Assert.Single(MailTo(student));
        await AssertHeldUntilAsync(student, new DateTimeOffset(2026, 3, 3, 15, 0, 0, TimeSpan.Zero)); // 08:00 MST on 3 March
    }

    [Fact]
    public async Task In_Tokyo_the_first_email_of_a_new_local_day_is_not_held_by_an_email_earlier_the_same_UTC_date()
    {
        // Welcome at 3 March 14:30Z = 23:30 on 3 March in Tokyo; an hour later it is her 4 March, still 3 March in UTC.
        At(new DateTimeOffset(2026, 3, 3, 14, 30, 0, TimeSpan.Zero));
        var student = await EnrolledAsync("Asia/Tokyo");
        await SweepAsync();
        Assert.Single(MailTo(student));

        At(new DateTimeOffset(2026, 3, 3, 15, 30, 0, TimeSpan.Zero)); // 00:30 on 4 March in Tokyo
        await OpenAnotherLessonNowAsync();
        Assert.Equal(1, (await SweepAsync()).Released);
        Assert.Equal(2, MailTo(student).Count);
        Assert.Equal([SecondLesson.Slug], LinkedSlugs(MailTo(student)[^1]));
    }
}
