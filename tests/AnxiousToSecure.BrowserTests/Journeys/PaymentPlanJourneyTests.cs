using System.Text.RegularExpressions;
using AnxiousToSecure.BrowserTests.Infrastructure;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Author;
using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AnxiousToSecure.BrowserTests.Journeys;

/// <summary>
/// On a 390-pixel phone a visitor reads the free lesson from the course page, then buys the course in three
/// monthly payments: she creates her account from the plan offer, confirms it, signs in and is sent on to
/// Stripe's page in subscription mode; after the first payment the course is hers and her purchases page
/// shows the plan. axe on each page.
/// </summary>
[Trait("Category", "Browser")]
public sealed class PaymentPlanJourneyTests(BrowserApp app, ITestOutputHelper output) : BrowserTest(app, output)
{
    private static readonly LessonDocument Preview = CourseContentReader.ReadFolder(TestPaths.CourseContent)
        .Modules.SelectMany(m => m.Lessons).Single(l => l.FreePreview);

    private static readonly AuditActor Instructor = new("browser-journeys", "instructor@example.com");

    private async Task OfferPlanAsync(PlanTerms? terms)
    {
        using var scope = App.Services.CreateScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<CourseSettings>().SetPaymentPlanAsync(terms, Instructor));
    }

    [Fact]
    public Task On_a_phone_a_visitor_reads_the_free_lesson_and_buys_the_course_in_three_monthly_payments() => JourneyAsync(async () =>
    {
        await OfferPlanAsync(new PlanTerms(3, 5500));
        try
        {
            var email = $"monthly{Guid.NewGuid():N}@example.com";
            var page = await NewPageAsync(phone: true);
            await page.GotoAsync(Url("/"));
            await Expect(page.Locator("#plan-offer")).ToContainTextAsync("3 monthly payments of");

            // The free lesson first, from the course page.
            await TapAsync(page.Locator($"a[href='learn/{Preview.Slug}']").First);
            await Expect(page.Locator("h1")).ToHaveTextAsync(Preview.Title);
            await Expect(page.Locator(".preview-badge")).ToHaveTextAsync("Free preview");
            await page.GoBackAsync();

            var offer = page.GetByRole(AriaRole.Link, new() { Name = "Create an account to pay monthly" });
            await offer.ScrollIntoViewIfNeededAsync();
            await AssertTappableAsync(offer);
            await AssertFitsAsync(page, 390, "the course page with monthly payments");
            await AssertAccessibleAsync(page, "the course page with monthly payments");
            await ShotAsync(page, "plan-offer-phone");
            await TapAsync(offer);

            // Her account; signing in takes her on to Stripe's page for the plan.
            await RegisterConfirmAndSignInAsync(page, "Maya", email, phone: true);
            await page.RouteAsync("https://checkout.stripe.test/**", route => route.FulfillAsync(new()
            {
                ContentType = "text/html",
                Body = "<!doctype html><html lang=en><title>Stripe test checkout</title><h1>Pay</h1></html>",
            }));
            await Expect(page).ToHaveURLAsync(new Regex("^https://checkout\\.stripe\\.test/pay/"));
            var sessionId = page.Url[(page.Url.LastIndexOf('/') + 1)..];
            Assert.Equal("subscription", (string)App.Stripe.Sessions.Single(s => (string)s["id"]! == sessionId)["mode"]!);

            // She pays the first of three; Stripe tells the app (the session, then the first invoice) and sends her back.
            await SendWebhookAsync("checkout.session.completed", App.Stripe.PaySubscription(sessionId));
            await SendWebhookAsync("invoice.paid", App.Stripe.PlanInvoice(sessionId, 1, paid: true));
            await page.GotoAsync(Url($"/checkout/plan/success?session_id={sessionId}"));
            await Expect(page.Locator("h1")).ToHaveTextAsync("You're in");
            await AssertAccessibleAsync(page, "the plan's thank-you page");
            await AssertFitsAsync(page, 390, "the plan's thank-you page");

            await TapAsync(page.GetByRole(AriaRole.Link, new() { Name = "See my payments" }));
            await Expect(page.Locator("section.plan")).ToContainTextAsync("1 of 3 paid");
            await AssertAccessibleAsync(page, "the purchases page with a plan");
            await AssertFitsAsync(page, 390, "the purchases page with a plan");
            await ShotAsync(page, "plan-purchases-phone");

            // The course is hers: a lesson past the free one opens.
            await page.GotoAsync(Url("/learn"));
            await Expect(page.Locator(".progress-text")).ToHaveTextAsync(new Regex(@"^0 of \d+ lessons completed"));
        }
        finally
        {
            await OfferPlanAsync(null);
        }
    });
}
