using System.Net;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.IntegrationTests.Learn;

/// <summary>
/// The reading path's SQL, counted (statements, not time): shared content comes from the cache, what
/// is hers from one statement, and a post writes without rendering the lesson.
/// </summary>
[Trait("Category", "Learn")]
public sealed class StatementBudgetTests(AppFactory app, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<AppFactory>
{
    private async Task<long> StatementsAsync(Func<Task<HttpResponseMessage>> request, HttpStatusCode expected)
    {
        HttpResponseMessage? response = null;
        var (count, texts) = await app.Statements.DuringAsync(async () => response = await request());
        Assert.True(response!.StatusCode == expected, $"answered {(int)response.StatusCode}");
        Assert.True(count >= 0, texts);
        return count;
    }

    private void AssertAtMost(long budget, long count, string what)
    {
        output.WriteLine($"{what}: {count} statements (budget {budget})");
        Assert.True(count <= budget, $"{what}: {count} statements, budget {budget}");
    }

    [Fact]
    public async Task Each_page_and_post_of_the_reading_path_keeps_to_its_statement_budget()
    {
        var lesson = await ScratchLesson.PublishAsync(app, releaseAfterDays: 0);
        var url = $"/learn/{lesson.Slug}";
        var (client, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-1));
        var (_, page) = await client.GetAsync(url); // warms the cache and records where she left off
        var token = page.QuerySelector("form.complete-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        AssertAtMost(3, await StatementsAsync(() => client.Http.GetAsync(url), HttpStatusCode.OK), "lesson page");
        AssertAtMost(2, await StatementsAsync(() => client.Http.GetAsync("/learn"), HttpStatusCode.OK), "dashboard");
        AssertAtMost(2, await StatementsAsync(() => client.Http.GetAsync("/learn/outline"), HttpStatusCode.OK), "outline");
        AssertAtMost(4, await StatementsAsync(() => client.Http.PostAsync(url, new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("Complete", "true")])), HttpStatusCode.Redirect), "mark complete");
        AssertAtMost(4, await StatementsAsync(() => client.Http.PostAsync($"/journal/entries/{lesson.Slug}", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("text", "first words")])), HttpStatusCode.Redirect), "journal, new entry");
        AssertAtMost(4, await StatementsAsync(() => client.Http.PostAsync($"/journal/entries/{lesson.Slug}", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("text", "more words")])), HttpStatusCode.Redirect), "journal autosave");

        var anonymous = BrowserlessClient.Create(app);
        await anonymous.GetAsync("/");
        AssertAtMost(0, await StatementsAsync(() => anonymous.Http.GetAsync("/"), HttpStatusCode.OK), "anonymous course page, warm");
        AssertAtMost(1, await StatementsAsync(() => client.Http.GetAsync("/"), HttpStatusCode.OK), "her course page");
    }

    [Fact]
    public async Task Reading_the_same_lesson_again_writes_nothing_until_an_hour_has_passed()
    {
        var lesson = await ScratchLesson.PublishAsync(app, releaseAfterDays: 0);
        var (client, user) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-1));
        await client.GetAsync($"/learn/{lesson.Slug}");
        var first = await LastViewedAsync(user.Id, lesson.Id);

        app.Clock.Advance(TimeSpan.FromMinutes(59));
        await client.GetAsync($"/learn/{lesson.Slug}");
        Assert.Equal(first, await LastViewedAsync(user.Id, lesson.Id));

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await client.GetAsync($"/learn/{lesson.Slug}");
        Assert.Equal(app.Clock.GetUtcNow(), await LastViewedAsync(user.Id, lesson.Id));
    }

    /// <summary>What the database holds once "where she left off" is written (<see cref="LeftOffWrites"/>, behind the page).</summary>
    private async Task<DateTimeOffset> LastViewedAsync(string userId, int lessonId)
    {
        await app.WriteLeftOffAsync();
        await using var db = app.Database.CreateContext();
        return await db.LessonProgress.Where(p => p.Enrollment!.UserId == userId && p.LessonId == lessonId).Select(p => p.LastViewedAt).SingleAsync();
    }
}
