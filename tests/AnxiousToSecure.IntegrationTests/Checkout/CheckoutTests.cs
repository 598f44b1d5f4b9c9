using System.Net;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Stripe;
using AnxiousToSecure.IntegrationTests.Admin;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Checkout;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Checkout;

[Trait("Category", "Checkout")]
public sealed class CheckoutTests(AppFactory app) : PaymentHarness(app), IClassFixture<AppFactory>
{
    [Fact]
    public async Task Enroll_opens_a_Stripe_checkout_for_the_course_price_tied_to_the_student()
    {
        var (client, student) = await StudentAsync();
        var sessionId = await StartCheckoutAsync(client);

        var session = App.Stripe.Sessions.Single(s => (string?)s["id"] == sessionId);
        Assert.Equal("payment", (string?)session["mode"]);
        Assert.Equal(CoursePrice(), (long)session["amount_total"]!);
        Assert.Equal("usd", (string?)session["currency"]);
        Assert.Equal(student.Id, (string?)session["client_reference_id"]);
        Assert.Equal(student.Id, (string?)session["metadata"]!["user_id"]);
        Assert.Equal($"https://localhost/checkout/success?session_id={sessionId}", (string?)session["success_url"]);
        var create = App.Stripe.Requests.Single(r => r.Path == "/v1/checkout/sessions" && r.IdempotencyKey!.Contains(((string?)session["metadata"]!["payment_id"])!.Replace("-", "")));
        Assert.StartsWith("checkout-", create.IdempotencyKey);
        Assert.Null(await EnrollmentOfAsync(student));
    }

    [Fact]
    public async Task Paying_enrolls_her_and_the_success_page_says_so_with_a_link_to_the_first_lesson()
    {
        var (client, student) = await StudentAsync();
        var sessionId = await StartCheckoutAsync(client);
        App.Stripe.Pay(sessionId);

        var (response, page) = await client.GetAsync($"/checkout/success?session_id={sessionId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("You're in", page.QuerySelector("h1")!.TextContent);
        Assert.NotNull(page.QuerySelector("a.button[href^='learn/']"));
        Assert.Equal(EnrollmentStatus.Active, (await EnrollmentOfAsync(student))!.Status);
        var payment = Assert.Single(await PaymentsOfAsync(student));
        Assert.Equal((PaymentStatus.Paid, CoursePrice(), $"pi_fake{sessionId[^6..]}"), (payment.Status, payment.AmountMinor, payment.PaymentIntentId));

        var (_, purchases) = await client.GetAsync("/purchases");
        Assert.Contains("Paid", purchases.DocumentElement.TextContent);
        Assert.Contains("full refund within 14 days", purchases.DocumentElement.TextContent);
    }

    [Fact]
    public async Task A_student_who_already_has_the_course_is_never_sent_to_checkout_again()
    {
        var (client, student) = await StudentAsync();
        await PayAndNotifyAsync(await StartCheckoutAsync(client));
        var sessionsBefore = App.Stripe.Sessions.Count;

        var (_, page) = await client.GetAsync("/");
        Assert.Null(page.QuerySelector("form#enroll"));
        Assert.Contains("Continue the course", page.QuerySelector(".cta")!.TextContent);

        // Even a stale form (another tab) does not open a new session.
        using var scope = App.Services.CreateScope();
        var start = await scope.ServiceProvider.GetRequiredService<CourseCheckout>().StartAsync(student.Id, new Uri("http://localhost/"));
        Assert.True(start.AlreadyEnrolled);
        Assert.Equal(sessionsBefore, App.Stripe.Sessions.Count);
    }

    [Fact]
    public async Task Pressing_enroll_twice_reuses_the_open_checkout()
    {
        var (client, _) = await StudentAsync();
        var first = await StartCheckoutAsync(client);
        var second = await StartCheckoutAsync(client);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task A_delayed_payment_shows_processing_then_enrolls_when_it_succeeds()
    {
        var (client, student) = await StudentAsync();
        var sessionId = await StartCheckoutAsync(client);
        var session = App.Stripe.Pay(sessionId, delayed: true);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("checkout.session.completed", session)).StatusCode);

        var (_, page) = await client.GetAsync($"/checkout/success?session_id={sessionId}");
        Assert.Contains("Payment processing", page.QuerySelector("h1")!.TextContent);
        Assert.Null(await EnrollmentOfAsync(student));

        await SendAsync("checkout.session.async_payment_succeeded", App.Stripe.SettleDelayed(sessionId, succeeded: true));
        Assert.Equal(EnrollmentStatus.Active, (await EnrollmentOfAsync(student))!.Status);
    }

    [Fact]
    public async Task A_delayed_payment_that_fails_gives_no_access_and_says_so()
    {
        var (client, student) = await StudentAsync();
        var sessionId = await StartCheckoutAsync(client);
        await SendAsync("checkout.session.completed", App.Stripe.Pay(sessionId, delayed: true));
        await SendAsync("checkout.session.async_payment_failed", App.Stripe.SettleDelayed(sessionId, succeeded: false));

        Assert.Null(await EnrollmentOfAsync(student));
        Assert.Equal(PaymentStatus.Failed, Assert.Single(await PaymentsOfAsync(student)).Status);
        var (_, purchases) = await client.GetAsync("/purchases");
        Assert.Contains("Payment failed", purchases.DocumentElement.TextContent);
    }

    [Fact]
    public async Task Someone_elses_session_id_on_the_success_page_enrolls_nobody()
    {
        var (owner, ownerUser) = await StudentAsync();
        var sessionId = await StartCheckoutAsync(owner);
        App.Stripe.Pay(sessionId);
        var (other, otherUser) = await StudentAsync();

        var (_, page) = await other.GetAsync($"/checkout/success?session_id={sessionId}");
        Assert.Contains("couldn't find", page.QuerySelector("h1")!.TextContent);
        Assert.Null(await EnrollmentOfAsync(otherUser));
        Assert.Null(await EnrollmentOfAsync(ownerUser));
    }
}
