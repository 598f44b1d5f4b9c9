using System.Text.RegularExpressions;
using AnxiousToSecure.BrowserTests.Infrastructure;
using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AnxiousToSecure.BrowserTests.Journeys;

/// <summary>
/// On a 390-pixel phone: she saves a practice and opens it from the header's menu ("Steady now"); "Too much
/// right now" answers with a grounding practice, the crisis page and a pause that works in one tap; the
/// toolkit page and the author's drop-off chart have no serious accessibility problem.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ToolkitAndFeedbackTests(BrowserApp app, ITestOutputHelper output) : BrowserTest(app, output)
{
    private async Task<IPage> StudentOnPhoneAsync()
    {
        var email = $"steady{Guid.NewGuid():N}@example.com";
        await App.CreateStudentAsync(email, App.Clock.GetUtcNow().AddDays(-60));
        var page = await NewPageAsync(phone: true);
        await SignInAsync(page, App.BaseUrl, email);
        return page;
    }

    [Fact]
    public Task She_saves_a_practice_and_opens_it_from_the_header_menu() => JourneyAsync(async () =>
    {
        var page = await StudentOnPhoneAsync();
        await page.GotoAsync(Url("/learn/the-longer-exhale"));
        await TapAsync(page.GetByRole(AriaRole.Button, new() { Name = "Save to my toolkit" }));
        await Expect(page.Locator("#toolkit").GetByRole(AriaRole.Status)).ToContainTextAsync("Saved in your toolkit");
        await AssertAccessibleAsync(page, "the lesson with its practice saved");

        await page.GotoAsync(Url("/learn/welcome"));
        var menu = page.Locator(".site-menu > summary");
        await TapAsync(menu);
        var steady = page.Locator("header").GetByRole(AriaRole.Link, new() { Name = "Steady now" });
        await TapAsync(steady);
        await Expect(page).ToHaveURLAsync(new Regex("/toolkit$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Steady now");
        var item = page.Locator(".toolkit-item");
        await Expect(item).ToHaveCountAsync(1);
        await Expect(item.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", "learn/the-longer-exhale");
        await Expect(page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Need help now?" })).ToBeVisibleAsync();
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the toolkit page is {width} px wide");
        await AssertAccessibleAsync(page, "the toolkit page");

        await TapAsync(item.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Remove") }));
        await Expect(page.Locator(".toolkit-item")).ToHaveCountAsync(0);
        await Expect(page.Locator("main")).ToContainTextAsync("Nothing saved yet");
        await AssertAccessibleAsync(page, "the empty toolkit page");
    });

    [Fact]
    public Task Too_much_right_now_offers_grounding_the_crisis_page_and_a_one_tap_pause() => JourneyAsync(async () =>
    {
        var page = await StudentOnPhoneAsync();
        await page.GotoAsync(Url("/learn/welcome"));
        var feedback = page.Locator("#feedback");
        await Expect(feedback.GetByRole(AriaRole.Heading, new() { Name = "How did this lesson land?" })).ToBeVisibleAsync();
        await TapAsync(feedback.GetByRole(AriaRole.Button, new() { Name = "Too much right now" }));

        var care = page.Locator("#care");
        await Expect(care).ToContainTextAsync("A grounding practice");
        await Expect(care.GetByRole(AriaRole.Link, new() { Name = "Need help now? Crisis resources" })).ToBeVisibleAsync();
        var pause = care.GetByRole(AriaRole.Button, new() { Name = "Pause my course" });
        await Expect(pause).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "the lesson after too much right now");
        await TapAsync(pause);
        await Expect(page.Locator("#care").GetByRole(AriaRole.Status)).ToContainTextAsync("Your course is paused");
        await Expect(page).ToHaveURLAsync(new Regex("/learn/welcome#care$"));
        await Expect(page.Locator("#feedback").GetByRole(AriaRole.Status).First).ToContainTextAsync("Too much right now");
    });

    [Fact]
    public Task The_author_reads_the_drop_off_chart_and_the_answers_on_a_phone() => JourneyAsync(async () =>
    {
        var student = await StudentOnPhoneAsync();
        await student.GotoAsync(Url("/learn/welcome"));
        await student.Locator("#landing-note").EvaluateAsync("t => t.closest('details').open = true");
        await student.Locator("#landing-note").FillAsync("Gentle and clear.");
        await TapAsync(student.Locator("#feedback").GetByRole(AriaRole.Button, new() { Name = "Helpful" }));
        await Expect(student.Locator("#feedback").GetByRole(AriaRole.Status).First).ToContainTextAsync("Helpful");

        // One who enrolled weeks ago and never came back: she stopped before completing a lesson.
        await App.CreateStudentAsync($"gone{Guid.NewGuid():N}@example.com", App.Clock.GetUtcNow().AddDays(-60));
        var email = await App.CreateUserAsync(Roles.Instructor);
        var page = await NewPageAsync(phone: true);
        await SignInAsync(page, App.BaseUrl, email);
        await page.GotoAsync(Url("/author"));
        var chart = page.Locator("#dropoff");
        await Expect(chart.Locator(".dropoff-row").First).ToContainTextAsync("reached");
        var bars = chart.Locator("svg.dropoff-bars").First;
        var box = (await bars.BoundingBoxAsync())!;
        Assert.True(box.Width > 200 && box.X + box.Width <= 390, $"the first row's bars are {box.Width:F0} px wide at {box.X:F0}");
        // Where the ones who stopped stopped: the rule in one sentence, then a row for each place someone stopped.
        await Expect(chart.Locator("#stopped-rule")).ToContainTextAsync("counts as stopped");
        await Expect(chart.Locator(".stopped-row").First).ToContainTextAsync("Before completing a lesson");
        var stoppedBar = (await chart.Locator("svg.stopped-bar").First.BoundingBoxAsync())!;
        Assert.True(stoppedBar.Width > 200 && stoppedBar.X + stoppedBar.Width <= 390, $"the stopped bars are {stoppedBar.Width:F0} px wide at {stoppedBar.X:F0}");
        await AssertFitsAsync(page, 390, "the author's page with the drop-off chart");
        await chart.Locator("ol.stopped").ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "TestResults", "screens", "author-stopped.png") });
        await Expect(page.Locator("#landing")).ToContainTextAsync("Gentle and clear.");
        await AssertAccessibleAsync(page, "the author's page with the drop-off chart");
        await chart.Locator("details > summary").ClickAsync();
        await Expect(chart.Locator("table.dropoff-table")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "the drop-off chart as a table");
    });
}
