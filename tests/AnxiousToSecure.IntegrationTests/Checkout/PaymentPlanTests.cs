using System.Net;
using System.Text.Json.Nodes;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Author;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Journal;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Checkout;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Checkout;

/// <summary>
/// Payment plans through the real pages, the real webhook endpoint and Stripe.net against the fake Stripe API: bought,
/// paid N times and ended; a failed payment, its email, access paused and back; duplicate and out-of-order events; a
/// refund of one monthly payment.
/// </summary>
[Trait("Category", "Checkout")]
public sealed class PaymentPlanTests : PaymentHarness, IClassFixture<AccountEmailAppFactory>, IAsyncLifetime
{
    private static readonly AuditActor Admin = new("admin-id", "admin@example.com");
    private const long Monthly = 5500;

    public PaymentPlanTests(AccountEmailAppFactory app) : base(app)
    {
    }

    public async Task InitializeAsync()
    {
        using var scope = App.Services.CreateScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<CourseSettings>().SetPaymentPlanAsync(new PlanTerms(3, Monthly), Admin));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Presses "Pay monthly" on the course page; returns the subscription-mode Checkout Session at the fake Stripe.</summary>
    private async Task<string> StartPlanAsync(BrowserlessClient client)
    {
        var (_, page) = await client.GetAsync("/");
        Assert.Contains("or 3 monthly payments of", page.QuerySelector("#plan-offer")?.TextContent ?? "");
        var response = await client.SubmitAsync(page, "form#enroll-plan", "/");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{(int)response.StatusCode}; server errors: {App.Errors}");
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("https://checkout.stripe.test/pay/", location);
        var id = location[(location.LastIndexOf('/') + 1)..];
        Assert.Equal("subscription", App.Stripe.Sessions.Single(s => s["id"]!.GetValue<string>() == id)["mode"]!.GetValue<string>());
        return id;
    }

    private async Task SendOkAsync(string type, JsonObject obj, string? eventId = null, DateTimeOffset? created = null)
    {
        var response = await PostEventAsync(FakeStripe.Event(type, obj, created ?? Now, eventId));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{type}: {(int)response.StatusCode}; server errors: {App.Errors}");
    }

    /// <summary>Stripe's order on a real purchase: the session completes and the first invoice is paid.</summary>
    private async Task<string> BuyAsync(BrowserlessClient client)
    {
        var session = await StartPlanAsync(client);
        await SendOkAsync("checkout.session.completed", App.Stripe.PaySubscription(session));
        await SendOkAsync("invoice.paid", App.Stripe.PlanInvoice(session, 1, paid: true));
        return session;
    }

    private async Task<PaymentPlan> PlanOfAsync(ApplicationUser user)
    {
        await using var db = App.Database.CreateContext();
        return await db.PaymentPlans.AsNoTracking().Include(p => p.Invoices).SingleAsync(p => p.UserId == user.Id);
    }

    private async Task<EnrollmentStatus> AccessAsync(ApplicationUser user) => (await EnrollmentOfAsync(user))!.Status;

    [Fact]
    public async Task A_plan_bought_and_paid_three_times_ends_its_subscription_after_the_third()
    {
        var (client, student) = await StudentAsync();
        var session = await BuyAsync(client);
        Assert.Equal(EnrollmentStatus.Active, await AccessAsync(student));
        Assert.Equal((PlanStatus.Active, 1), (await PlanOfAsync(student) is var p ? (p.Status, p.PaidCount) : default));

        var (_, success) = await client.GetAsync($"/checkout/plan/success?session_id={session}");
        Assert.Equal("You're in", success.QuerySelector("h1")!.TextContent);

        await SendOkAsync("invoice.paid", App.Stripe.PlanInvoice(session, 2, paid: true));
        Assert.Empty(App.Stripe.CanceledSubscriptions);
        await SendOkAsync("invoice.paid", App.Stripe.PlanInvoice(session, 3, paid: true));

        var plan = await PlanOfAsync(student);
        Assert.Equal((PlanStatus.Completed, 3), (plan.Status, plan.PaidCount));
        Assert.Equal([plan.SubscriptionId!], App.Stripe.CanceledSubscriptions);
        Assert.Contains(App.Stripe.Requests, r => r.Path == $"/v1/subscriptions/{plan.SubscriptionId}" && r.IdempotencyKey == $"plan-end-{plan.Id:N}");
        var payments = await PaymentsOfAsync(student);
        Assert.Equal(3, payments.Count);
        Assert.All(payments, x => Assert.Equal((PaymentStatus.Paid, Monthly), (x.Status, x.AmountMinor)));
        Assert.Equal(3, payments.Select(x => x.PaymentIntentId).Distinct().Count());

        // Stripe confirms the end: the course stays hers; the purchases page says so.
        await SendOkAsync("customer.subscription.deleted", App.Stripe.Subscription(session, "canceled"));
        Assert.Equal(PlanStatus.Completed, (await PlanOfAsync(student)).Status);
        Assert.Equal(EnrollmentStatus.Active, await AccessAsync(student));
        var (_, purchases) = await client.GetAsync("/purchases");
        Assert.Contains("3 of 3 paid", purchases.QuerySelector("section.plan")!.TextContent);
        Assert.Contains(AuditActions.Plan.Completed, await AuditActionsAsync(student));
    }

    [Fact]
    public async Task A_failed_payment_emails_the_card_link_then_access_pauses_when_Stripe_gives_up_and_returns_when_paid()
    {
        var (client, student) = await StudentAsync();
        var session = await BuyAsync(client);
        using (var scope = App.Services.CreateScope())
        {
            await using var db = App.Database.CreateContext();
            var lesson = await db.Lessons.AsNoTracking().Where(l => l.Published && l.ReleaseAfterDays == 0).OrderBy(l => l.Id).FirstAsync();
            var saved = await scope.ServiceProvider.GetRequiredService<JournalService>().SaveAsync(student.Id, lesson.Slug, "What I noticed today.");
            Assert.Equal(JournalSaveResult.Saved, saved);
        }

        var failed = App.Stripe.PlanInvoice(session, 2, paid: false, attempt: 1);
        var failedId = $"evt_{Guid.NewGuid():N}";
        await SendOkAsync("invoice.payment_failed", failed, failedId);
        await SendOkAsync("invoice.payment_failed", failed, failedId);
        await SendOkAsync("invoice.payment_failed", App.Stripe.PlanInvoice(session, 2, paid: false, attempt: 2));
        var email = await App.Mail.WaitForAsync(student.Email!, m => m.Subject == PlanEmails.PaymentFailedSubject, timeoutSeconds: 45);
        Assert.DoesNotMatch("[0-9$]", email.Subject);
        Assert.Equal(("hello@anxioustosecure.example", "Course team"), (email.From.Mailboxes.Single().Address, email.From.Mailboxes.Single().Name));
        Assert.Contains($"{AppFactory.PublicBaseUrl}/purchases/update-card", email.TextBody);
        Assert.DoesNotContain("billing.stripe", email.TextBody);
        Assert.Equal(EnrollmentStatus.Active, await AccessAsync(student));
        Assert.Equal(PlanStatus.PastDue, (await PlanOfAsync(student)).Status);

        // The link makes a portal session for her, now.
        var (_, purchases) = await client.GetAsync("/purchases");
        Assert.NotNull(purchases.QuerySelector("a[href='purchases/update-card']"));
        var (card, _) = await client.GetAsync("/purchases/update-card");
        Assert.Equal(HttpStatusCode.Redirect, card.StatusCode);
        Assert.StartsWith("https://billing.stripe.test/p/session/", card.Headers.Location!.ToString());
        Assert.Equal([(await PlanOfAsync(student)).CustomerId!], App.Stripe.PortalCustomers);

        // Stripe gives up: paused, not deleted.
        await SendOkAsync("invoice.payment_failed", App.Stripe.PlanInvoice(session, 2, paid: false, attempt: 4, willRetry: false), created: Now.AddSeconds(1));
        await SendOkAsync("customer.subscription.updated", App.Stripe.Subscription(session, "unpaid"), created: Now.AddSeconds(2));
        Assert.Equal(EnrollmentStatus.PaymentPaused, await AccessAsync(student));
        Assert.False(Enrollment.GivesAccess(EnrollmentStatus.PaymentPaused));
        Assert.Equal(PlanStatus.Paused, (await PlanOfAsync(student)).Status);
        await App.Mail.WaitForAsync(student.Email!, m => m.Subject == PlanEmails.AccessPausedSubject, timeoutSeconds: 45);
        await using (var db = App.Database.CreateContext())
        {
            Assert.Equal(1, await db.JournalEntries.CountAsync(j => j.UserId == student.Id));
            Assert.NotNull(await db.Enrollments.SingleOrDefaultAsync(e => e.UserId == student.Id));
        }

        // She updates her card and Stripe collects the open invoice: access is back.
        await SendOkAsync("invoice.paid", App.Stripe.PlanInvoice(session, 2, paid: true, attempt: 5), created: Now.AddSeconds(3));
        await SendOkAsync("customer.subscription.updated", App.Stripe.Subscription(session, "active"), created: Now.AddSeconds(3));
        Assert.Equal(EnrollmentStatus.Active, await AccessAsync(student));
        var plan = await PlanOfAsync(student);
        Assert.Equal((PlanStatus.Active, 2), (plan.Status, plan.PaidCount));
        Assert.Single(App.Mail.Messages, m => m.To.Mailboxes.Any(a => a.Address == student.Email) && m.Subject == PlanEmails.PaymentFailedSubject);
        var audit = await AuditActionsAsync(student);
        Assert.Contains(AuditActions.Plan.Paused, audit);
        Assert.Contains(AuditActions.Plan.Resumed, audit);
    }

    [Fact]
    public async Task An_admin_restores_paused_access_from_her_page_and_sees_the_plan_with_its_invoices()
    {
        var (client, student) = await StudentAsync();
        var session = await BuyAsync(client);
        await SendOkAsync("invoice.payment_failed", App.Stripe.PlanInvoice(session, 2, paid: false, willRetry: false), created: Now.AddSeconds(1));
        await SendOkAsync("customer.subscription.updated", App.Stripe.Subscription(session, "unpaid"), created: Now.AddSeconds(2));
        Assert.Equal(EnrollmentStatus.PaymentPaused, await AccessAsync(student));

        var admin = await App.SignInNewUserAsync(Roles.Admin);
        var (_, page) = await admin.GetAsync($"/admin/students/{student.Id}");
        var section = page.QuerySelector("#plans")?.TextContent ?? "";
        Assert.Contains("1 of 3 paid", section);
        Assert.Equal(2, page.QuerySelectorAll("table.plan-invoices tbody tr").Length);
        var posted = await admin.SubmitAsync(page, "form#restore", $"/admin/students/{student.Id}", new Dictionary<string, string> { ["Input.Reason"] = "Agreed a later date with her by email" });
        Assert.True(posted.StatusCode == HttpStatusCode.Redirect, $"{(int)posted.StatusCode}; server errors: {App.Errors}");
        Assert.Equal(EnrollmentStatus.Active, await AccessAsync(student));
        Assert.Contains(AuditActions.Enrollment.Restored, await AuditActionsAsync(student));
    }

    [Fact]
    public async Task Duplicate_and_out_of_order_invoice_and_subscription_events_settle_in_one_state()
    {
        var (client, student) = await StudentAsync();
        var session = await StartPlanAsync(client);
        var completed = App.Stripe.PaySubscription(session);
        var t0 = Now;

        // The first invoice arrives before the checkout: access starts with it; the same event twice, and a second copy, count once.
        var first = App.Stripe.PlanInvoice(session, 1, paid: true);
        var firstId = $"evt_{Guid.NewGuid():N}";
        await SendOkAsync("invoice.paid", first, firstId, t0);
        await SendOkAsync("invoice.paid", first, firstId, t0);
        await SendOkAsync("invoice.paid", first, created: t0);
        Assert.Equal(EnrollmentStatus.Active, await AccessAsync(student));
        await SendOkAsync("checkout.session.completed", completed, created: t0.AddSeconds(-1));
        await SendOkAsync("customer.subscription.created", App.Stripe.Subscription(session, "incomplete"), created: t0.AddSeconds(-2));
        var plan = await PlanOfAsync(student);
        Assert.Equal((PlanStatus.Active, 1), (plan.Status, plan.PaidCount));
        Assert.Single(await PaymentsOfAsync(student));

        // The second month is paid (t0+20); an older "past due" and "unpaid" (t0+10) arrive after it: nothing is paused.
        await SendOkAsync("invoice.paid", App.Stripe.PlanInvoice(session, 2, paid: true), created: t0.AddSeconds(20));
        await SendOkAsync("customer.subscription.updated", App.Stripe.Subscription(session, "unpaid"), created: t0.AddSeconds(10));
        await SendOkAsync("invoice.payment_failed", App.Stripe.PlanInvoice(session, 2, paid: false), created: t0.AddSeconds(5));
        Assert.Equal(EnrollmentStatus.Active, await AccessAsync(student));
        plan = await PlanOfAsync(student);
        Assert.Equal((PlanStatus.Active, 2), (plan.Status, plan.PaidCount));
        Assert.Equal(PlanInvoiceStatus.Paid, plan.Invoices.Single(i => i.InvoiceId.EndsWith("_2", StringComparison.Ordinal)).Status);

        // A newer give-up pauses; an older "active" arriving late does not undo it; concurrent copies of the pause apply once.
        var unpaid = FakeStripe.Event("customer.subscription.updated", App.Stripe.Subscription(session, "unpaid"), t0.AddSeconds(40));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostEventAsync(unpaid)));
        await SendOkAsync("customer.subscription.updated", App.Stripe.Subscription(session, "active"), created: t0.AddSeconds(30));
        Assert.Equal(EnrollmentStatus.PaymentPaused, await AccessAsync(student));
        Assert.Single(await AuditActionsAsync(student), a => a == AuditActions.Plan.Paused);

        // The third invoice paid (t0+50) brings access back and ends the plan, once.
        var third = FakeStripe.Event("invoice.paid", App.Stripe.PlanInvoice(session, 3, paid: true), t0.AddSeconds(50));
        await Task.WhenAll(PostEventAsync(third), PostEventAsync(third));
        plan = await PlanOfAsync(student);
        Assert.Equal((PlanStatus.Completed, 3), (plan.Status, plan.PaidCount));
        Assert.Equal(EnrollmentStatus.Active, await AccessAsync(student));
        Assert.Single(App.Stripe.CanceledSubscriptions, s => s == plan.SubscriptionId);
        Assert.Equal(3, (await PaymentsOfAsync(student)).Count);
    }

    [Fact]
    public async Task One_monthly_payment_is_refunded_on_its_own_and_access_stays()
    {
        var (client, student) = await StudentAsync();
        var session = await BuyAsync(client);
        await SendOkAsync("invoice.paid", App.Stripe.PlanInvoice(session, 2, paid: true));
        var payments = await PaymentsOfAsync(student);
        var second = payments.Single(p => p.PaymentIntentId!.EndsWith("_2", StringComparison.Ordinal));

        using (var scope = App.Services.CreateScope())
        {
            var refund = await scope.ServiceProvider.GetRequiredService<RefundProcessor>().RefundAsync(second.Id, null, "Charged twice by mistake", false, Admin);
            Assert.Equal(RefundStatus.Succeeded, refund.Status);
        }
        var stripeRefund = Assert.Single(App.Stripe.Refunds, r => r["payment_intent"]!.GetValue<string>() == second.PaymentIntentId);
        Assert.Equal(Monthly, stripeRefund["amount"]!.GetValue<long>());
        payments = await PaymentsOfAsync(student);
        Assert.Equal(PaymentStatus.Refunded, payments.Single(p => p.Id == second.Id).Status);
        Assert.Equal(PaymentStatus.Paid, payments.Single(p => p.Id != second.Id).Status);
        Assert.Equal(EnrollmentStatus.Active, await AccessAsync(student));

        var (shown, purchases) = await client.GetAsync("/purchases");
        Assert.True(purchases.QuerySelector("section.plan") is not null, $"{(int)shown.StatusCode}; server errors: {App.Errors}");
        Assert.Contains("paid, refunded", purchases.QuerySelector("section.plan")!.TextContent);
    }
}
