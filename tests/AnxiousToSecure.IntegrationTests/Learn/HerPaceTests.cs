using System.Net;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Author;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Drip;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Learn;

/// <summary>Her pace: her own unlock hour, and "open the next lesson now" up to the course's limit, never locking again.</summary>
[Trait("Category", "Learn")]
public sealed class HerPaceTests : DripHarness
{
    private static readonly TimeZoneInfo Kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private async Task AllowEarlyAsync(int limit)
    {
        using var scope = App.Services.CreateScope();
        Assert.True(await Service<CourseSettings>(scope).SetEarlyUnlockLimitAsync(limit, AuditActor.System));
    }

    private static async Task<HttpResponseMessage> OpenNextAsync(BrowserlessClient client)
    {
        var (_, dashboard) = await client.GetAsync("/learn");
        return await client.SubmitAsync(dashboard, "#open-early", "/learn");
    }

    /// <summary>Posts "open the next lesson now" without the button (as a stale tab or a script would), with a valid token.</summary>
    private static async Task<HttpResponseMessage> PostOpenNextAsync(BrowserlessClient client)
    {
        var (_, page) = await client.GetAsync($"/learn/{LessonOnDay(0).Slug}");
        var token = page.QuerySelector("form#progress input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return await client.Http.PostAsync("/learn/open-next", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
    }

    [Fact]
    public async Task Her_hour_moves_her_unlock_and_the_email_and_dashboard_give_the_same_moment()
    {
        var start = Now;
        var (client, student) = await App.SignInNewStudentAsync(start, "Asia/Kolkata");
        var (_, settings) = await client.GetAsync("/settings/reminders");
        Assert.Contains("8:00 am", settings.QuerySelector("#unlock-hour-now")!.TextContent);
        var saved = await client.SubmitAsync(settings, "#unlock-hour", "/settings/reminders", new Dictionary<string, string> { ["Hour.Value"] = "20" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var (_, after) = await client.GetAsync("/settings/reminders");
        Assert.Contains("8:00 pm", after.QuerySelector("#unlock-hour-now")!.TextContent);

        await SweepAsync();
        var evening = UnlockSchedule.UnlockAt(start, 3, Kolkata, 20);
        var expected = TimeDisplay.DateTime(evening, Kolkata);
        Assert.EndsWith("8:00 pm", expected);
        Assert.Contains($"The next lesson opens on {expected}.", Assert.Single(MailTo(student)).TextBody);
        var (_, dashboard) = await client.GetAsync("/learn");
        Assert.Contains($"opens {expected}", dashboard.QuerySelector("#upcoming-heading")!.ParentElement!.TextContent);

        // Not at the course's morning hour that day, but at hers.
        At(UnlockSchedule.UnlockAt(start, 3, Kolkata, 8).AddMinutes(1));
        await SweepAsync();
        Assert.DoesNotContain(await ReleasesOfAsync(student), r => r.Lesson!.Slug == LessonOnDay(3).Slug);
        At(evening);
        await SweepAsync();
        var release = Assert.Single(await ReleasesOfAsync(student), r => r.Lesson!.Slug == LessonOnDay(3).Slug);
        Assert.Equal(evening, release.ReleasedAt);
        Assert.False(release.Early);
    }

    [Fact]
    public async Task Moving_her_hour_later_never_locks_a_lesson_that_has_opened()
    {
        var start = Now;
        var (client, student) = await App.SignInNewStudentAsync(start, "Europe/London");
        At(UnlockSchedule.UnlockAt(start, 3, London, 8).AddMinutes(5));
        await SweepAsync();
        using (var scope = App.Services.CreateScope()) await Service<ReminderSettingsService>(scope).SetUnlockHourAsync(student.Id, 22);
        var (response, _) = await client.GetAsync($"/learn/{LessonOnDay(3).Slug}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task With_the_drip_as_written_there_is_no_button_and_opening_early_is_refused()
    {
        var (client, _) = await App.SignInNewStudentAsync(Now, "Europe/London");
        var (_, dashboard) = await client.GetAsync("/learn");
        Assert.Null(dashboard.QuerySelector("#open-early"));
        Assert.Equal(HttpStatusCode.Conflict, (await PostOpenNextAsync(client)).StatusCode);
        var (locked, _) = await client.GetAsync($"/learn/{LessonOnDay(3).Slug}");
        Assert.NotEqual(HttpStatusCode.OK, locked.StatusCode);
    }

    [Fact]
    public async Task She_can_open_up_to_the_limit_ahead_of_her_schedule_and_is_refused_beyond_it()
    {
        var start = Now;
        await AllowEarlyAsync(2);
        var (client, student) = await App.SignInNewStudentAsync(start, "Europe/London");
        await SweepAsync();

        var first = await OpenNextAsync(client);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.EndsWith($"/learn/{LessonOnDay(3).Slug}", first.Headers.Location!.OriginalString);
        var (lesson, page) = await client.GetAsync($"/learn/{LessonOnDay(3).Slug}");
        Assert.Equal(HttpStatusCode.OK, lesson.StatusCode);
        // On the lesson page too, beside the next (locked) lesson.
        Assert.NotNull(page.QuerySelector("#open-early"));

        var second = await OpenNextAsync(client);
        Assert.EndsWith($"/learn/{LessonOnDay(7).Slug}", second.Headers.Location!.OriginalString);

        var (_, dashboard) = await client.GetAsync("/learn");
        Assert.Null(dashboard.QuerySelector("#open-early"));
        Assert.Equal(HttpStatusCode.Conflict, (await PostOpenNextAsync(client)).StatusCode);
        var (beyond, _) = await client.GetAsync($"/learn/{LessonOnDay(10).Slug}");
        Assert.NotEqual(HttpStatusCode.OK, beyond.StatusCode);

        var early = (await ReleasesOfAsync(student)).Where(r => r.Early).ToList();
        Assert.Equal([LessonOnDay(3).Slug, LessonOnDay(7).Slug], early.Select(r => r.Lesson!.Slug));
        Assert.All(early, r => Assert.Equal(DripEmailStatus.Skipped, r.EmailStatus));
        Assert.All(early, r => Assert.Equal(start, r.ReleasedAt));
        await using var db = App.Database.CreateContext();
        var audit = await db.AuditEntries.Where(a => a.Action == AuditActions.Enrollment.OpenedEarly).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal([LessonOnDay(3).Slug, LessonOnDay(7).Slug], audit.Select(a => a.Details));
        Assert.All(audit, a => Assert.Equal(student.Id, a.SubjectUserId));
    }

    [Fact]
    public async Task The_limit_counts_lessons_ahead_of_her_schedule_at_that_moment()
    {
        var start = Now;
        await AllowEarlyAsync(1);
        var (client, _) = await App.SignInNewStudentAsync(start, "Europe/London");
        Assert.Equal(HttpStatusCode.Redirect, (await OpenNextAsync(client)).StatusCode); // day 3, early
        Assert.Equal(HttpStatusCode.Conflict, (await PostOpenNextAsync(client)).StatusCode);

        // Her schedule reaches the day-3 lesson: it is no longer ahead, so one more may open early.
        At(UnlockSchedule.UnlockAt(start, 3, London, 8).AddMinutes(1));
        await SweepAsync();
        var again = await OpenNextAsync(client);
        Assert.EndsWith($"/learn/{LessonOnDay(7).Slug}", again.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_lesson_opened_early_never_locks_again_and_the_drip_sends_no_email_for_it()
    {
        var start = Now;
        await AllowEarlyAsync(1);
        var (client, student) = await App.SignInNewStudentAsync(start, "Europe/London");
        await SweepAsync(); // the welcome email
        await OpenNextAsync(client);

        await AllowEarlyAsync(0);
        using (var scope = App.Services.CreateScope()) await Service<ReminderSettingsService>(scope).SetUnlockHourAsync(student.Id, 23);
        var (stillOpen, _) = await client.GetAsync($"/learn/{LessonOnDay(3).Slug}");
        Assert.Equal(HttpStatusCode.OK, stillOpen.StatusCode);

        // Her schedule passes the lesson: one release row (the early one), and no lesson email for it.
        At(UnlockSchedule.UnlockAt(start, 3, London, 23).AddMinutes(1));
        await SweepAsync();
        Assert.Single(await ReleasesOfAsync(student), r => r.Lesson!.Slug == LessonOnDay(3).Slug);
        Assert.Single(MailTo(student));
        var (open, _) = await client.GetAsync($"/learn/{LessonOnDay(3).Slug}");
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
    }

    [Fact]
    public async Task Opening_early_is_refused_while_her_course_is_paused()
    {
        await AllowEarlyAsync(3);
        var (client, student) = await App.SignInNewStudentAsync(Now, "Europe/London");
        using (var scope = App.Services.CreateScope()) await Service<ReminderSettingsService>(scope).PauseAsync(student.Id);
        var (_, dashboard) = await client.GetAsync("/learn");
        Assert.Null(dashboard.QuerySelector("#open-early"));
        Assert.Equal(HttpStatusCode.Conflict, (await PostOpenNextAsync(client)).StatusCode);
    }
}
