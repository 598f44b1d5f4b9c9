using AnxiousToSecure.BrowserTests.Infrastructure;
using AnxiousToSecure.Core.Data;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AnxiousToSecure.BrowserTests.Journeys;

/// <summary>The promotion codes page on a 390-pixel phone: an admin makes a code, copies its share link, and a visitor opens it.</summary>
[Trait("Category", "Browser")]
public sealed class PromotionCodesPageTests(BrowserApp app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact]
    public Task An_admin_makes_a_code_on_a_phone_and_its_share_link_opens_the_course_page_with_it() => JourneyAsync(async () =>
    {
        var code = $"PHONE-{Guid.NewGuid():N}"[..14].ToUpperInvariant();
        var admin = await NewPageAsync(phone: true);
        await admin.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = App.BaseUrl });
        await SignInAsync(admin, App.BaseUrl, await App.CreateUserAsync(Roles.Admin));

        await admin.GotoAsync(Url("/admin/codes"));
        await AssertFitsAsync(admin, 390, "the empty codes page");
        await AssertAccessibleAsync(admin, "codes page, empty form");

        // A mistake first: the message says what to change, and the page still fits and passes axe.
        await admin.Locator("#code-code").FillAsync("two words");
        await admin.Locator("#code-value").FillAsync("20");
        await admin.Locator("#reason-new-code").FillAsync("Phone check");
        await TapAsync(admin.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Make the code" }));
        await Expect(admin.Locator("#action-message")).ToContainTextAsync("cannot be a code");
        await AssertAccessibleAsync(admin, "codes page with a refusal");

        await admin.Locator("#code-code").FillAsync(code);
        await admin.Locator("label.choice", new() { HasText = "an amount" }).TapAsync();
        await admin.Locator("#code-value").FillAsync("15.00");
        await admin.Locator("#code-max").FillAsync("25");
        await admin.Locator("#reason-new-code").FillAsync("Phone check");
        await TapAsync(admin.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Make the code" }));
        var row = admin.Locator("#codes tbody tr", new() { HasText = code });
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator("td[data-label='Takes off']")).ToHaveTextAsync("$15.00 off");

        await AssertFitsAsync(admin, 390, "the codes page with a code");
        foreach (var control in await admin.Locator("table.cards td :is(button, a, input)").AllAsync())
        {
            if (await control.IsVisibleAsync()) await AssertTappableAsync(control);
        }
        await AssertAccessibleAsync(admin, "codes page with a code");
        await ShotAsync(admin, "codes-390");

        await TapAsync(row.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = $"Copy the link for {code}" }));
        await Expect(admin.Locator("#copy-status")).ToHaveTextAsync("Link copied.");
        var link = await admin.EvaluateAsync<string>("navigator.clipboard.readText()");
        Assert.EndsWith($"/?code={code}", link);

        await ChooseReadingAsync(admin, "Soft dark");
        await admin.GotoAsync(Url("/admin/codes"));
        await AssertAccessibleAsync(admin, "codes page in the soft dark");

        // The visitor opens the share link on her phone (on this site's address: the link's host is the configured one).
        var visitor = await NewPageAsync(phone: true);
        await visitor.GotoAsync(Url($"/?code={code}"));
        await Expect(visitor.Locator("#promotion-code")).ToContainTextAsync(code);
        await AssertFitsAsync(visitor, 390, "the course page with a code");
        await AssertAccessibleAsync(visitor, "course page with a code");
    });
}
