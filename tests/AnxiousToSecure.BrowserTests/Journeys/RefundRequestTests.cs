using System.Text.RegularExpressions;
using AnxiousToSecure.BrowserTests.Infrastructure;
using AnxiousToSecure.Core.Data;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AnxiousToSecure.BrowserTests.Journeys;

/// <summary>Someone to ask: the support address, and "Request a refund" on her purchases page, which the admin then sees.</summary>
[Trait("Category", "Browser")]
public sealed class RefundRequestTests(BrowserApp app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public Task She_asks_for_a_refund_and_the_admin_finds_it_on_the_dashboard(bool phone) => JourneyAsync(async () =>
    {
        var email = $"refund{Guid.NewGuid():N}@example.com";
        await App.CreateStudentAsync(email);
        var page = await NewPageAsync(phone);
        await SignInAsync(page, App.BaseUrl, email);
        await page.GotoAsync(Url("/"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Enroll" }).ClickAsync();
        await PayOnStripeAsync(page);

        await page.GotoAsync(Url("/purchases"));
        await Expect(page.Locator("footer .support-contact a[href^='mailto:']")).ToBeVisibleAsync();
        await Expect(page.Locator("main .support-contact a[href^='mailto:']")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "the purchases page with the refund button");
        var ask = page.GetByRole(AriaRole.Button, new() { Name = "Request a refund" });
        if (phone) await TapAsync(ask); else await ask.ClickAsync();
        await Expect(page.Locator("#action-message")).ToContainTextAsync("Your refund request was sent");
        await Expect(page.Locator("[id^='refund-asked-']")).ToContainTextAsync("Your request is open");
        await Expect(ask).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page, "the purchases page after asking");

        var adminEmail = await App.CreateUserAsync(Roles.Admin);
        var admin = await NewPageAsync(phone);
        await SignInAsync(admin, App.BaseUrl, adminEmail);
        await admin.GotoAsync(Url("/admin"));
        var request = admin.Locator("#refund-requests li", new() { HasText = email });
        await Expect(request).ToBeVisibleAsync();
        await AssertAccessibleAsync(admin, "the admin dashboard with a refund request");
        await request.Locator("a[href^='admin/payments/']").ClickAsync();
        await Expect(admin).ToHaveURLAsync(new Regex("/admin/payments/[0-9a-f-]+$"));
        await Expect(admin.Locator("h1")).ToContainTextAsync("Payment of");
    });
}
