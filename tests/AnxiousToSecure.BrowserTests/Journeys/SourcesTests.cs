using System.Text.RegularExpressions;
using AnxiousToSecure.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AnxiousToSecure.BrowserTests.Journeys;

/// <summary>A lesson's citation: the footnote stays on the lesson, and the references page is one tap away.</summary>
[Trait("Category", "Browser")]
public sealed class SourcesTests(BrowserApp app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public Task A_footnote_opens_its_source_on_the_same_lesson_and_the_references_page_lists_the_paper(bool phone) => JourneyAsync(async () =>
    {
        var email = $"sources{Guid.NewGuid():N}@example.com";
        await App.CreateStudentAsync(email, App.Clock.GetUtcNow().AddDays(-3));
        var page = await NewPageAsync(phone);
        await SignInAsync(page, App.BaseUrl, email);

        await page.GotoAsync(Url("/learn/what-attachment-is"));
        var marker = page.Locator("a.footnote-ref").First;
        await Expect(marker).ToHaveAttributeAsync("aria-label", "Source 1");
        if (phone) await TapAsync(marker); else await marker.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/learn/what-attachment-is#fn:1$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("What Attachment Is: Inner Maps of Safety");
        await Expect(page.Locator("[id='fn:1']")).ToContainTextAsync("Cassidy, J., Jones, J. D., & Shaver, P. R. (2013)");
        await AssertAccessibleAsync(page, "a lesson with a footnote");

        var references = page.Locator("a", new() { HasText = "References: the research behind the course" });
        if (phone) await TapAsync(references); else await references.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/references$"));
        await Expect(page.Locator("[id='leerkes-2018']")).ToContainTextAsync("Journal of Family Psychology");
        await Expect(page.Locator("a[href='https://doi.org/10.1037/fam0000420']")).ToBeVisibleAsync();
        await Expect(page.Locator("a[href='https://pmc.ncbi.nlm.nih.gov/articles/PMC6126976/']")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "the references page");
    });
}
