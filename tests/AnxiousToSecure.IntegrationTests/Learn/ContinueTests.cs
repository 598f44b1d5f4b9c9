using AnxiousToSecure.TestSupport;

namespace AnxiousToSecure.IntegrationTests.Learn;

/// <summary>"Continue the course" on the course page opens the lesson she should read next, not the dashboard.</summary>
[Trait("Category", "Learn")]
public sealed class ContinueTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static async Task<string?> ContinueHrefAsync(BrowserlessClient client)
    {
        var (_, page) = await client.GetAsync("/");
        return page.QuerySelector(".cta a.button")?.GetAttribute("href");
    }

    [Fact]
    public async Task A_new_student_continues_at_her_first_open_lesson()
    {
        var (client, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow());
        var (_, dashboard) = await client.GetAsync("/learn");
        var upNext = dashboard.QuerySelector("section.card a.button")!.GetAttribute("href");
        Assert.StartsWith("learn/", upNext);
        Assert.Equal(upNext, await ContinueHrefAsync(client));
    }

    [Fact]
    public async Task A_student_continues_at_the_unfinished_lesson_she_opened_last_and_past_it_once_it_is_done()
    {
        var (client, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-3));
        var (_, outline) = await client.GetAsync("/learn/outline");
        var open = outline.QuerySelectorAll("a[href^='learn/']").Select(a => a.GetAttribute("href")!).Where(h => h != "learn/outline").Distinct().ToList();
        Assert.True(open.Count >= 2, "the student needs two open lessons");
        var second = open[1];

        var (_, lesson) = await client.GetAsync("/" + second);
        Assert.Equal(second, await ContinueHrefAsync(client));

        await client.SubmitAsync(lesson, "form.complete-form", "/" + second);
        var after = await ContinueHrefAsync(client);
        Assert.NotEqual(second, after);
        Assert.StartsWith("learn/", after);
    }
}
