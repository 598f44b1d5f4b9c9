using System.Net;
using System.Text.Json.Nodes;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.Core.Stripe;
using AnxiousToSecure.IntegrationTests.Admin;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using AnxiousToSecure.TestSupport.Checkout;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Checkout;

/// <summary>Money events change access exactly once, whatever their order or how often they arrive.</summary>
[Trait("Category", "Checkout")]
public sealed class WebhookTests(AppFactory app) : PaymentHarness(app), IClassFixture<AppFactory>
{
    private async Task<int> EventRowsAsync(string id)
    {
        await using var db = App.Database.CreateContext();
        return await db.StripeEvents.CountAsync(e => e.Id == id);
    }

    [Fact]
    public async Task The_same_event_delivered_twice_gives_one_payment_and_one_enrollment()
    {
        var (client, student) = await StudentAsync();
        var sessionId = await StartCheckoutAsync(client);
        var json = FakeStripe.Event("checkout.session.completed", App.Stripe.Pay(sessionId), Now);

        var first = await PostEventAsync(json);
        var second = await PostEventAsync(json);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal("Duplicate", (await second.Content.ReadAsStringAsync()).Trim());
        Assert.Single(await PaymentsOfAsync(student));
        Assert.Equal(EnrollmentStatus.Active, (await EnrollmentOfAsync(student))!.Status);
        Assert.Single(await AuditActionsAsync(student), a => a == "payment.completed");
    }

    [Fact]
    public async Task The_same_event_delivered_five_times_at_once_still_fulfils_once()
    {
        var (client, student) = await StudentAsync();
        var json = FakeStripe.Event("checkout.session.completed", App.Stripe.Pay(await StartCheckoutAsync(client)), Now);

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => PostEventAsync(json))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(await PaymentsOfAsync(student));
        Assert.Single(await AuditActionsAsync(student), a => a == "payment.completed");
        Assert.Equal(EnrollmentStatus.Active, (await EnrollmentOfAsync(student))!.Status);
    }

    [Fact]
    public async Task The_success_page_and_the_webhook_racing_give_one_enrollment()
    {
        var (client, student) = await StudentAsync();
        var sessionId = await StartCheckoutAsync(client);
        var json = FakeStripe.Event("checkout.session.completed", App.Stripe.Pay(sessionId), Now);

        var page = Task.Run(() => client.GetAsync($"/checkout/success?session_id={sessionId}"));
        var hook = Task.Run(() => PostEventAsync(json));
        await Task.WhenAll(page, hook);

        Assert.Contains("You're in", (await page).Page.QuerySelector("h1")!.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await hook).StatusCode);
        Assert.Single(await PaymentsOfAsync(student));
        Assert.Single(await AuditActionsAsync(student), a => a == "payment.completed");
    }

    [Fact]
    public async Task A_refund_that_arrives_before_the_completion_it_refunds_still_ends_revoked()
    {
        var (client, student) = await StudentAsync();
        var sessionId = await StartCheckoutAsync(client);
        var session = App.Stripe.Pay(sessionId);
        var intent = (string)session["payment_intent"]!;

        var early = await SendAsync("charge.refunded", Charge(intent, CoursePrice(), CoursePrice()));
        Assert.Equal((HttpStatusCode.OK, "Waiting"), (early.StatusCode, (await early.Content.ReadAsStringAsync()).Trim()));

        await SendAsync("checkout.session.completed", session);

        Assert.Equal(EnrollmentStatus.Refunded, (await EnrollmentOfAsync(student))!.Status);
        var payment = Assert.Single(await PaymentsOfAsync(student));
        Assert.Equal((PaymentStatus.Refunded, CoursePrice()), (payment.Status, payment.RefundedMinor));
        await client.AssertShutOutAsync();
    }

    [Fact]
    public async Task A_dispute_suspends_access_and_cancels_pending_email_and_winning_it_restores_access()
    {
        var (client, student) = await StudentAsync();
        var intent = (string)(await PayAndNotifyAsync(await StartCheckoutAsync(client)))["payment_intent"]!;
        await App.Services.GetRequiredService<DripSweeper>().ReleaseDueAsync();

        await SendAsync("charge.dispute.created", DisputeObject("dp_won1", intent, CoursePrice(), "needs_response"));
        Assert.Equal(EnrollmentStatus.Disputed, (await EnrollmentOfAsync(student))!.Status);
        await using (var db = App.Database.CreateContext())
        {
            var releases = await db.LessonReleases.Where(r => r.Enrollment!.UserId == student.Id).ToListAsync();
            Assert.NotEmpty(releases);
            Assert.All(releases, r => Assert.Equal(DripEmailStatus.Cancelled, r.EmailStatus));
            var dispute = await db.Disputes.SingleAsync(d => d.StripeDisputeId == "dp_won1");
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1723679999), dispute.EvidenceDueBy);
        }

        await SendAsync("charge.dispute.closed", DisputeObject("dp_won1", intent, CoursePrice(), "won"));
        Assert.Equal(EnrollmentStatus.Active, (await EnrollmentOfAsync(student))!.Status);
        Assert.Equal(PaymentStatus.Paid, Assert.Single(await PaymentsOfAsync(student)).Status);
        Assert.Equal(["payment.completed", "dispute.opened", "dispute.won"], (await AuditActionsAsync(student)).Where(a => a != "enrollment.revoked"));
    }

    [Fact]
    public async Task A_lost_dispute_leaves_access_revoked()
    {
        var (client, student) = await StudentAsync();
        var intent = (string)(await PayAndNotifyAsync(await StartCheckoutAsync(client)))["payment_intent"]!;

        await SendAsync("charge.dispute.created", DisputeObject("dp_lost1", intent, CoursePrice(), "needs_response"));
        await SendAsync("charge.dispute.closed", DisputeObject("dp_lost1", intent, CoursePrice(), "lost"));

        Assert.Equal(EnrollmentStatus.Revoked, (await EnrollmentOfAsync(student))!.Status);
        await client.AssertShutOutAsync();
    }

    [Fact]
    public async Task A_bad_signature_is_refused_and_nothing_is_stored()
    {
        var json = FakeStripe.Event("checkout.session.completed", FakeStripe.Fixture("checkout.session"), Now, id: "evt_badsig");
        var response = await PostEventAsync(json, secret: "whsec_someone_else");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await EventRowsAsync("evt_badsig"));
    }

    [Fact]
    public async Task A_stale_timestamp_is_refused_and_nothing_is_stored()
    {
        var json = FakeStripe.Event("checkout.session.completed", FakeStripe.Fixture("checkout.session"), Now, id: "evt_stale");
        var response = await PostEventAsync(json, signedAt: Now.AddMinutes(-6));
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {App.Errors}");
        Assert.Equal(0, await EventRowsAsync("evt_stale"));
    }

    [Fact]
    public async Task A_signed_but_malformed_body_is_refused_and_nothing_is_stored()
    {
        foreach (var body in new[] { "{\"id\": \"evt_malformed\", \"type\": ", "{\"id\":\"evt_malformed\",\"type\":\"charge.refunded\",\"created\":1,\"data\":{\"object\":7}}" })
        {
            var response = await PostEventAsync(body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        Assert.Equal(0, await EventRowsAsync("evt_malformed"));
    }

    [Fact]
    public async Task An_unknown_event_type_is_stored_and_ignored()
    {
        var response = await SendAsync("plan.created", FakeStripe.Fixture("event")["data"]!["object"]!.AsObject(), "evt_unknown_type");
        Assert.Equal((HttpStatusCode.OK, "Ignored"), (response.StatusCode, (await response.Content.ReadAsStringAsync()).Trim()));
        await using var db = App.Database.CreateContext();
        Assert.Equal(StripeEventState.Ignored, (await db.StripeEvents.SingleAsync(e => e.Id == "evt_unknown_type")).State);
    }

    [Fact]
    public async Task An_event_from_another_API_version_is_processed_and_flagged()
    {
        var (client, student) = await StudentAsync();
        var session = App.Stripe.Pay(await StartCheckoutAsync(client));
        session["a_field_from_the_future"] = new JsonObject { ["x"] = 1 };
        var json = FakeStripe.Event("checkout.session.completed", session, Now, id: "evt_old_version", apiVersion: "2020-08-27");

        Assert.Equal(HttpStatusCode.OK, (await PostEventAsync(json)).StatusCode);
        Assert.Equal(EnrollmentStatus.Active, (await EnrollmentOfAsync(student))!.Status);
        await using var db = App.Database.CreateContext();
        var stored = await db.StripeEvents.SingleAsync(e => e.Id == "evt_old_version");
        Assert.True(stored.ApiVersionMismatch);
        Assert.Equal("2020-08-27", stored.ApiVersion);
    }

    [Fact]
    public async Task A_session_naming_no_user_is_kept_as_failed_and_answered_2xx_so_Stripe_stops_retrying()
    {
        var orphan = FakeStripe.Fixture("checkout.session", ("id", "cs_test_orphan"), ("payment_status", "paid"), ("status", "complete"));
        var response = await SendAsync("checkout.session.completed", orphan, "evt_orphan");
        Assert.Equal((HttpStatusCode.OK, "Failed"), (response.StatusCode, (await response.Content.ReadAsStringAsync()).Trim()));
        await using var db = App.Database.CreateContext();
        var stored = await db.StripeEvents.SingleAsync(e => e.Id == "evt_orphan");
        Assert.Equal(StripeEventState.Failed, stored.State);
        Assert.Contains("no user", stored.Error);
        Assert.False(await db.Payments.AnyAsync(p => p.CheckoutSessionId == "cs_test_orphan"));
    }
}
