using System.Net.Http.Headers;
using System.Text.Json;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.TestSupport.Drip;

namespace AnxiousToSecure.IntegrationTests.Settings;

/// <summary>One clock: an email and the pages write the same moment the same way, in her zone.</summary>
[Trait("Category", "Settings")]
public sealed class OneClockTests : DripHarness
{
    private static readonly TimeZoneInfo Kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");

    [Fact]
    public async Task The_lesson_email_and_her_dashboard_give_the_next_opening_in_the_same_words_in_her_zone()
    {
        // Enrolled 2 March 15:00Z (8:30 pm in Kolkata): the welcome opens at once, the next lesson on a later morning of hers.
        var (client, student) = await App.SignInNewStudentAsync(Now, "Asia/Kolkata");
        await SweepAsync();
        var mail = Assert.Single(MailTo(student));

        var nextDay = Course.Modules.SelectMany(m => m.Lessons).Where(l => l.ReleaseAfterDays > 0).Min(l => l.ReleaseAfterDays);
        var expected = TimeDisplay.DateTime(UnlockSchedule.UnlockAt(Now, nextDay, Kolkata, 8), Kolkata);
        Assert.Matches(@"^[A-Z][a-z]+day \d{1,2} [A-Z][a-z]+, 8:00 am$", expected);
        Assert.Contains($"The next lesson opens on {expected}.", mail.TextBody);
        Assert.Contains($"The next lesson opens on {expected}.", mail.HtmlBody);

        var (_, dashboard) = await client.GetAsync("/learn");
        var upcoming = dashboard.QuerySelector("#upcoming-heading")!.ParentElement!.TextContent;
        Assert.Contains($"opens {expected}", upcoming);
    }

    [Fact]
    public async Task The_saved_message_of_the_reflection_box_the_lesson_page_and_the_journal_agree()
    {
        var (client, _) = await App.SignInNewStudentAsync(Now.AddDays(-3), "America/Los_Angeles");
        var (_, page) = await client.GetAsync("/learn/welcome");
        var token = page.QuerySelector("form.journal-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/journal/entries/welcome")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("text", "A few words.")]),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var answer = JsonDocument.Parse(await (await client.Http.SendAsync(request)).Content.ReadAsStringAsync()).RootElement;
        var said = answer.GetProperty("message").GetString();

        var expected = $"Saved {TimeDisplay.DateTime(Now, TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"))}.";
        Assert.Equal(expected, said);
        var (_, lesson) = await client.GetAsync("/learn/welcome");
        Assert.Equal(expected, lesson.QuerySelector(".journal-status")!.TextContent.Trim());
        var (_, journal) = await client.GetAsync("/journal");
        Assert.Equal(expected, journal.QuerySelector(".journal-status")!.TextContent.Trim());
    }

    [Fact]
    public async Task Each_lesson_page_says_where_it_sits_in_the_course()
    {
        var (client, _) = await App.SignInNewStudentAsync(Now.AddDays(-3));
        var lessons = Course.Modules.SelectMany(m => m.Lessons).Where(l => l.Published).ToList();
        var (_, page) = await client.GetAsync($"/learn/{lessons[0].Slug}");
        Assert.Equal($"Module 1 · Lesson 1 of {lessons.Count}", page.QuerySelector(".lesson-position")!.TextContent);
    }
}
