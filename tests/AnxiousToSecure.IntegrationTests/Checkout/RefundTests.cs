using System.Net;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
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

/// <summary>Refunds through the fake Stripe API: partial, full, refused (timed out and retried: <see cref="RefundTimeoutTests"/>).</summary>
[Trait("Category", "Checkout")]
public sealed class RefundTests(AppFactory app) : PaymentHarness(app), IClassFixture<AppFactory>
{
    private static readonly AuditActor Admin = new("admin-id", "admin@example.com");

    private async Task<(BrowserlessClient Client, ApplicationUser User, Payment Payment)> PaidStudentAsync()
    {
        var (client, student) = await StudentAsync();
        await PayAndNotifyAsync(await StartCheckoutAsync(client));
        return (client, student, Assert.Single(await PaymentsOfAsync(student)));
    }

    private async Task<Refund> RefundAsync(Guid paymentId, long? amount, bool revoke = false)
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RefundProcessor>().RefundAsync(paymentId, amount, "Asked by email", revoke, Admin);
    }

    [Fact]
    public async Task A_partial_refund_keeps_access_and_a_full_refund_revokes_it_and_cancels_pending_email()
    {
        var (client, student, payment) = await PaidStudentAsync();
        await App.Services.GetRequiredService<DripSweeper>().ReleaseDueAsync();

        var partial = await RefundAsync(payment.Id, 1000);
        Assert.Equal(RefundStatus.Succeeded, partial.Status);
        Assert.Equal(EnrollmentStatus.Active, (await EnrollmentOfAsync(student))!.Status);
        var afterPartial = Assert.Single(await PaymentsOfAsync(student));
        Assert.Equal((PaymentStatus.PartiallyRefunded, 1000L), (afterPartial.Status, afterPartial.RefundedMinor));

        var rest = await RefundAsync(payment.Id, null);
        Assert.Equal((RefundStatus.Succeeded, CoursePrice() - 1000), (rest.Status, rest.AmountMinor));
        Assert.Equal(EnrollmentStatus.Refunded, (await EnrollmentOfAsync(student))!.Status);
        await using (var db = App.Database.CreateContext())
        {
            var releases = await db.LessonReleases.Where(r => r.Enrollment!.UserId == student.Id).ToListAsync();
            Assert.NotEmpty(releases);
            Assert.All(releases, r => Assert.Equal(DripEmailStatus.Cancelled, r.EmailStatus));
        }
        Assert.Equal(2, App.Stripe.Refunds.Count(r => (string?)r["payment_intent"] == payment.PaymentIntentId));
        var actions = await AuditActionsAsync(student);
        Assert.Equal(2, actions.Count(a => a == "refund.requested"));
        Assert.Equal(2, actions.Count(a => a == "refund.succeeded"));
        Assert.Single(actions, a => a == "enrollment.revoked");

        await client.AssertShutOutAsync();
        var (_, purchases) = await client.GetAsync("/purchases");
        Assert.Contains("Refunded", purchases.DocumentElement.TextContent);
    }

    [Fact]
    public async Task A_partial_refund_can_end_access_when_the_admin_asks()
    {
        var (_, student, payment) = await PaidStudentAsync();
        await RefundAsync(payment.Id, 500, revoke: true);
        Assert.Equal(EnrollmentStatus.Revoked, (await EnrollmentOfAsync(student))!.Status);
    }

    [Fact]
    public async Task A_refund_Stripe_refuses_is_shown_as_failed_and_access_stays()
    {
        var (_, student, payment) = await PaidStudentAsync();
        App.Stripe.NextRefundError = "Charge has already been refunded.";

        var refund = await RefundAsync(payment.Id, null);

        Assert.Equal(RefundStatus.Failed, refund.Status);
        Assert.Equal("Charge has already been refunded.", refund.FailureReason);
        Assert.Equal(EnrollmentStatus.Active, (await EnrollmentOfAsync(student))!.Status);
        Assert.Contains("refund.failed", await AuditActionsAsync(student));
    }

    [Fact]
    public async Task More_than_what_is_left_cannot_be_refunded()
    {
        var (_, student, payment) = await PaidStudentAsync();
        var refused = await Assert.ThrowsAsync<RefundRefusedException>(() => RefundAsync(payment.Id, payment.AmountMinor + 1));
        Assert.Contains("at most", refused.Message);
        await Assert.ThrowsAsync<RefundRefusedException>(() => RefundAsync(payment.Id, 0));
        Assert.DoesNotContain(App.Stripe.Refunds, r => (string?)r["payment_intent"] == payment.PaymentIntentId);
        Assert.Empty(Assert.Single(await PaymentsOfAsync(student)).Refunds);
    }

    [Fact]
    public async Task A_refund_event_from_the_Stripe_dashboard_is_recorded_and_a_full_one_revokes()
    {
        var (_, student, payment) = await PaidStudentAsync();
        var refund = FakeStripe.Fixture("refund", ("id", "re_dashboard1"), ("payment_intent", payment.PaymentIntentId), ("amount", payment.AmountMinor), ("status", "succeeded"));

        await SendAsync("refund.created", refund);

        var stored = Assert.Single(Assert.Single(await PaymentsOfAsync(student)).Refunds);
        Assert.Equal(("re_dashboard1", RefundStatus.Succeeded), (stored.StripeRefundId, stored.Status));
        Assert.Equal(EnrollmentStatus.Refunded, (await EnrollmentOfAsync(student))!.Status);
    }

    [Fact]
    public async Task The_admin_refunds_from_the_payment_page_and_the_student_loses_access_at_once()
    {
        var (studentClient, student, payment) = await PaidStudentAsync();
        var admin = await App.SignInNewUserAsync(Roles.Admin);

        var (_, list) = await admin.GetAsync("/admin/payments");
        Assert.NotNull(list.QuerySelector($"a[href='admin/payments/{payment.Id}']"));
        var (_, detail) = await admin.GetAsync($"/admin/payments/{payment.Id}");
        var posted = await admin.SubmitAsync(detail, "form#refund", $"/admin/payments/{payment.Id}",
            new Dictionary<string, string> { ["Input.Amount"] = "", ["Input.Reason"] = "Not the right time for her" });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var (_, after) = await admin.GetAsync(posted.Headers.Location!.OriginalString);
        Assert.Contains("Refunded.", after.QuerySelector("[role=status]")!.TextContent);

        Assert.Equal(EnrollmentStatus.Refunded, (await EnrollmentOfAsync(student))!.Status);
        await studentClient.AssertShutOutAsync();
        await using var db = App.Database.CreateContext();
        var entry = await db.AuditEntries.SingleAsync(a => a.SubjectUserId == student.Id && a.Action == "refund.requested");
        Assert.StartsWith("admin", entry.Actor);
        Assert.Contains("Not the right time for her", entry.Details);
    }

    [Fact]
    public async Task The_refund_form_refuses_an_amount_that_is_not_money()
    {
        var (_, student, payment) = await PaidStudentAsync();
        var admin = await App.SignInNewUserAsync(Roles.Admin);
        var (_, detail) = await admin.GetAsync($"/admin/payments/{payment.Id}");
        var posted = await admin.SubmitAsync(detail, "form#refund", $"/admin/payments/{payment.Id}",
            new Dictionary<string, string> { ["Input.Amount"] = "12,5x", ["Input.Reason"] = "test" });
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await posted.Content.ReadAsStringAsync());
        Assert.Contains("is not an amount", page.QuerySelector("[role=alert]")!.TextContent);
        Assert.DoesNotContain(App.Stripe.Refunds, r => (string?)r["payment_intent"] == payment.PaymentIntentId);
        Assert.Empty(Assert.Single(await PaymentsOfAsync(student)).Refunds);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(Roles.Student)]
    [InlineData(Roles.Instructor)]
    public async Task Only_admins_reach_the_payment_pages(string? role)
    {
        var (_, _, payment) = await PaidStudentAsync();
        var client = role is null ? BrowserlessClient.Create(App) : await App.SignInNewUserAsync(role);
        foreach (var url in new[] { "/admin/payments", $"/admin/payments/{payment.Id}" })
        {
            var response = await client.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Matches(role is null ? "/Account/Login" : "/Account/AccessDenied", response.Headers.Location!.OriginalString);
        }
    }
}
