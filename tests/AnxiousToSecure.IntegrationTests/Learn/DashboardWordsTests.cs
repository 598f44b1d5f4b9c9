using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Learn;

/// <summary>The dashboard's words match her situation: a first visit is greeted as one, and a paused course never promises the next lesson.</summary>
[Trait("Category", "Learn")]
public sealed class DashboardWordsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_first_visit_says_welcome_and_after_her_first_lesson_it_says_welcome_back()
    {
        var (client, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow());
        var (_, first) = await client.GetAsync("/learn");
        Assert.Equal("Welcome", first.QuerySelector("h1")!.TextContent.Trim());

        await client.GetAsync("/" + first.QuerySelector("section.card a.button")!.GetAttribute("href"));
        var (_, again) = await client.GetAsync("/learn");
        Assert.Equal("Welcome back", again.QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_paused_student_who_finished_what_is_open_is_not_told_the_next_lesson_opens_soon()
    {
        var (client, student) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow());
        var (_, outline) = await client.GetAsync("/learn/outline");
        var open = outline.QuerySelectorAll("a[href^='learn/']").Select(a => a.GetAttribute("href")!).Where(h => h != "learn/outline").Distinct().ToList();
        Assert.NotEmpty(open);
        foreach (var href in open)
        {
            var (_, lesson) = await client.GetAsync("/" + href);
            await client.SubmitAsync(lesson, "form.complete-form", "/" + href);
        }
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReminderSettingsService>().PauseAsync(student.Id);
        }

        var (_, dashboard) = await client.GetAsync("/learn");
        var text = dashboard.QuerySelector("main")!.TextContent;
        Assert.Contains("Your course is paused", text);
        Assert.Contains("up to date", text);
        Assert.DoesNotContain("opens soon", text);
    }
}
