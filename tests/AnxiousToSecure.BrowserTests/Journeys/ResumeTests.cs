using System.Text.RegularExpressions;
using AnxiousToSecure.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AnxiousToSecure.BrowserTests.Journeys;

/// <summary>One tap to resume: "Continue the course" on the course page opens the lesson she left, on a phone and on a laptop.</summary>
[Trait("Category", "Browser")]
public sealed class ResumeTests(BrowserApp app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public Task Continue_on_the_course_page_opens_the_lesson_she_left(bool phone) => JourneyAsync(async () =>
    {
        var email = $"resume{Guid.NewGuid():N}@example.com";
        await App.CreateStudentAsync(email, App.Clock.GetUtcNow().AddDays(-3));
        var page = await NewPageAsync(phone);
        await SignInAsync(page, App.BaseUrl, email);

        await page.GotoAsync(Url("/learn/what-attachment-is"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("What Attachment Is: Inner Maps of Safety");

        await page.GotoAsync(Url("/"));
        await Expect(page.Locator(".cta")).ToContainTextAsync("Where you left off: What Attachment Is");
        await AssertAccessibleAsync(page, "the course page of an enrolled student");
        var resume = page.Locator(".cta a.button", new() { HasText = "Continue the course" });
        if (phone) await TapAsync(resume); else await resume.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/learn/what-attachment-is$"));
    });
}
