using System.Text.RegularExpressions;
using AnxiousToSecure.BrowserTests.Infrastructure;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Author;
using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AnxiousToSecure.BrowserTests.Journeys;

/// <summary>Her pace on a 390 px phone: she picks the hour her lessons open, then opens the next lesson early.</summary>
[Trait("Category", "Browser")]
public sealed class HerPaceTests(BrowserApp app, ITestOutputHelper output) : BrowserTest(app, output)
{
    private async Task AllowEarlyAsync(int limit)
    {
        using var scope = App.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<CourseSettings>().SetEarlyUnlockLimitAsync(limit, AuditActor.System);
    }

    [Fact]
    public Task She_sets_her_hour_and_opens_the_next_lesson_early_on_a_phone() => JourneyAsync(async () =>
    {
        var next = CourseContentReader.ReadFolder(TestPaths.CourseContent).Modules.SelectMany(m => m.Lessons)
            .Where(l => l.Published && l.ReleaseAfterDays > 0).OrderBy(l => l.ReleaseAfterDays).First();
        var email = $"pace{Guid.NewGuid():N}@example.com";
        await App.CreateStudentAsync(email, App.Clock.GetUtcNow(), "Europe/London");
        var page = await NewPageAsync(phone: true);
        Assert.Equal(390, page.ViewportSize!.Width);
        await SignInAsync(page, App.BaseUrl, email);

        await page.GotoAsync(Url("/settings/reminders"));
        await Expect(page.Locator("#unlock-hour-now")).ToHaveTextAsync("8:00 am");
        await page.Locator("#unlock-hour-select").SelectOptionAsync(new SelectOptionValue { Label = "8:00 pm" });
        await TapAsync(page.Locator("#unlock-hour button[type=submit]"));
        await Expect(page.Locator("#unlock-hour-now")).ToHaveTextAsync("8:00 pm");
        await Expect(page.Locator("#unlock-hour-select")).ToHaveValueAsync("20");
        await AssertAccessibleAsync(page, "reminder settings with her unlock hour");

        await page.GotoAsync(Url("/learn"));
        await Expect(page.Locator("#upcoming-heading").Locator("..")).ToContainTextAsync("8:00 pm");
        await Expect(page.Locator("#open-early")).ToHaveCountAsync(0);

        await AllowEarlyAsync(1);
        try
        {
            await page.ReloadAsync();
            var open = page.Locator("#open-early button", new() { HasText = "Open the next lesson now" });
            await AssertTappableAsync(open);
            await AssertAccessibleAsync(page, "the dashboard with the open-early button");
            await TapAsync(open);
            await Expect(page).ToHaveURLAsync(new Regex($"/learn/{next.Slug}$"));
            await Expect(page.Locator("h1")).ToHaveTextAsync(next.Title);

            // At the limit: the button is gone.
            await page.GotoAsync(Url("/learn"));
            await Expect(page.Locator("#open-early")).ToHaveCountAsync(0);
        }
        finally
        {
            // The browser app is shared by every journey: leave the course as the others expect it.
            await AllowEarlyAsync(0);
        }
    });
}
