using System.Text.RegularExpressions;
using AnxiousToSecure.BrowserTests.Infrastructure;
using AnxiousToSecure.Core.Checkout;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AnxiousToSecure.BrowserTests.Journeys;

/// <summary>On a 390 px phone: a buyer gives the course, and the recipient accepts it from her email and starts.</summary>
[Trait("Category", "Browser")]
public sealed partial class GiftJourneyTests(BrowserApp app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact]
    public Task A_buyer_sends_a_gift_and_the_recipient_redeems_it() => JourneyAsync(async () =>
    {
        var buyerEmail = $"giver{Guid.NewGuid():N}@example.com";
        var recipient = $"gifted{Guid.NewGuid():N}@example.com";
        await App.CreateStudentAsync(buyerEmail);
        var page = await NewPageAsync(phone: true);
        await SignInAsync(page, App.BaseUrl, buyerEmail);
        await page.GotoAsync(Url("/"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Give this course as a gift" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("Give this course");
        await AssertAccessibleAsync(page, "the gift form");
        await AssertFitsAsync(page, 390, "the gift form");
        await page.GetByLabel("Their email address").FillAsync(recipient);
        await page.GetByLabel("A message (optional)").FillAsync("Thinking of you. Take it slowly.");
        // Stripe's hosted page, played by the test.
        await page.RouteAsync("https://checkout.stripe.test/**", route => route.FulfillAsync(new()
        {
            ContentType = "text/html",
            Body = "<!doctype html><html lang=en><title>Stripe test checkout</title><h1>Pay</h1></html>",
        }));
        // Today (the form's default): its morning has passed, so it goes out at the next sweep.
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to payment" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("^https://checkout\\.stripe\\.test/pay/"));
        var session = App.Stripe.Pay(page.Url[(page.Url.LastIndexOf('/') + 1)..]);
        await SendWebhookAsync("checkout.session.completed", session);
        await page.GotoAsync(App.Local((string)session["success_url"]!));
        await Expect(page.Locator("h1")).ToContainTextAsync("Your gift is ready");
        await AssertAccessibleAsync(page, "the gift's thank-you page");

        Assert.Equal(1, (await App.Services.GetRequiredService<GiftDeliverySweeper>().ExecuteAsync()).Delivered);
        var mail = await App.MailAsync(recipient, m => m.Subject == GiftEmails.RecipientSubject);
        var link = RedeemLink().Match(mail.TextBody ?? "").Value;
        Assert.False(string.IsNullOrEmpty(link), "no redeem link in the gift email");

        await page.GotoAsync(Url("/purchases"));
        await Expect(page.Locator("[id^='gift-'] .gift-status").First).ToContainTextAsync("not accepted yet");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send the email again" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "the purchases page with a sent gift");
        await AssertFitsAsync(page, 390, "the purchases page with a gift");

        var her = await NewPageAsync(phone: true);
        await her.GotoAsync(App.Local(link));
        await Expect(her.Locator("h1")).ToContainTextAsync("A gift for you");
        await Expect(her.Locator("main")).ToContainTextAsync("Thinking of you. Take it slowly.");
        await AssertAccessibleAsync(her, "the redeem page");
        await AssertFitsAsync(her, 390, "the redeem page");
        await her.GetByLabel("Your name (optional)").FillAsync("Ana");
        await her.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await her.GetByRole(AriaRole.Button, new() { Name = "Create my account and start" }).ClickAsync();
        await Expect(her).ToHaveURLAsync(new Regex("/learn"));
        await AssertAccessibleAsync(her, "her course after accepting the gift");

        // The link worked once.
        await her.GotoAsync(App.Local(link));
        await Expect(her.Locator("h1")).ToContainTextAsync("This gift has been accepted");
        await AssertAccessibleAsync(her, "a used redeem link");
    });

    [GeneratedRegex(@"https://\S+/redeem/[A-Za-z0-9_-]+")]
    private static partial Regex RedeemLink();
}
