using System.Globalization;
using System.Text.Json;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Stripe;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Core.LocalTestCheckout;

/// <summary>What the local test plan page can make happen, each as the signed event Stripe would send.</summary>
public enum LocalTestPlanStep
{
    /// <summary>She pays the first month on the test page: checkout.session.completed and invoice.paid.</summary>
    PayFirst,

    /// <summary>The next monthly invoice is paid (also: she "updated her card" and the open invoice went through).</summary>
    NextPaid,

    /// <summary>The next monthly invoice fails; Stripe would retry.</summary>
    NextFailed,

    /// <summary>Stripe stops retrying: customer.subscription.updated with status unpaid.</summary>
    GiveUp,
}

/// <summary>
/// The local test checkout's payment plan: signed events through the real webhook code, as Stripe would send them,
/// built from the plan row. Registered only with <see cref="LocalTestPaymentGateway"/>.
/// </summary>
public sealed class LocalTestPlanEvents(AppDbContext db, StripeWebhookHandler webhooks, IOptions<StripeOptions> options, TimeProvider time)
{
    public static string SubscriptionOf(Guid planId) => $"sub_local_{planId:N}";

    public static string CustomerOf(Guid planId) => $"cus_local_{planId:N}";

    public async Task<PaymentPlan?> PlanAsync(string sessionId, string userId, CancellationToken ct = default) =>
        await db.PaymentPlans.AsNoTracking().Include(p => p.Invoices).SingleOrDefaultAsync(p => p.CheckoutSessionId == sessionId && p.UserId == userId, ct);

    public async Task<bool> RunAsync(string sessionId, string userId, LocalTestPlanStep step, CancellationToken ct = default)
    {
        var plan = await PlanAsync(sessionId, userId, ct);
        if (plan is null) return false;
        var metadata = new Dictionary<string, string>
        {
            ["user_id"] = userId,
            ["course_id"] = plan.CourseId.ToString(CultureInfo.InvariantCulture),
            ["plan_id"] = plan.Id.ToString(),
        };
        var subscription = SubscriptionOf(plan.Id);
        var customer = CustomerOf(plan.Id);
        // The invoice now due: the first unpaid one (a failed one is retried), else the next.
        var number = plan.Invoices.Count(i => i.Status == PlanInvoiceStatus.Paid) + 1;
        var invoiceId = $"in_local_{plan.Id:N}_{number}";
        var attempts = (plan.Invoices.SingleOrDefault(i => i.InvoiceId == invoiceId)?.Attempts ?? 0) + 1;
        Dictionary<string, object?> Invoice(bool paid) => new()
        {
            ["id"] = invoiceId,
            ["object"] = "invoice",
            ["customer"] = customer,
            ["currency"] = plan.Currency,
            ["amount_due"] = plan.AmountMinor,
            ["amount_paid"] = paid ? plan.AmountMinor : 0,
            ["attempt_count"] = attempts,
            ["status"] = paid ? "paid" : "open",
            ["next_payment_attempt"] = paid ? null : time.GetUtcNow().AddDays(3).ToUnixTimeSeconds(),
            ["parent"] = new Dictionary<string, object?>
            {
                ["type"] = "subscription_details",
                ["subscription_details"] = new Dictionary<string, object?> { ["subscription"] = subscription, ["metadata"] = metadata },
            },
            ["payments"] = new Dictionary<string, object?>
            {
                ["object"] = "list",
                ["data"] = paid
                    ? new[] { new Dictionary<string, object?> { ["payment"] = new Dictionary<string, object?> { ["type"] = "payment_intent", ["payment_intent"] = $"pi_local_{plan.Id:N}_{number}" } } }
                    : Array.Empty<object>(),
            },
        };
        switch (step)
        {
            case LocalTestPlanStep.PayFirst:
                if (plan.PaidCount > 0) return true;
                return await SendAsync("checkout.session.completed", new Dictionary<string, object?>
                {
                    ["id"] = sessionId,
                    ["object"] = "checkout.session",
                    ["mode"] = "subscription",
                    ["status"] = "complete",
                    ["payment_status"] = "paid",
                    ["subscription"] = subscription,
                    ["customer"] = customer,
                    ["client_reference_id"] = userId,
                    ["metadata"] = metadata,
                }, ct) && await SendAsync("invoice.paid", Invoice(paid: true), ct);
            case LocalTestPlanStep.NextPaid:
                return await SendAsync("invoice.paid", Invoice(paid: true), ct);
            case LocalTestPlanStep.NextFailed:
                return await SendAsync("invoice.payment_failed", Invoice(paid: false), ct);
            default:
                return await SendAsync("customer.subscription.updated", new Dictionary<string, object?>
                {
                    ["id"] = subscription,
                    ["object"] = "subscription",
                    ["customer"] = customer,
                    ["status"] = "unpaid",
                    ["metadata"] = metadata,
                }, ct);
        }
    }

    private async Task<bool> SendAsync(string type, Dictionary<string, object?> obj, CancellationToken ct)
    {
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        var json = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = $"evt_local_{Guid.NewGuid():N}",
            ["object"] = "event",
            ["api_version"] = StripeEventReader.CurrentApiVersion,
            ["created"] = created,
            ["livemode"] = false,
            ["type"] = type,
            ["data"] = new Dictionary<string, object?> { ["object"] = obj },
        });
        var outcome = await webhooks.ReceiveAsync(json, StripeEventReader.SignatureHeader(json, options.Value.SigningSecret, created), ct);
        return outcome is WebhookOutcome.Processed or WebhookOutcome.Duplicate;
    }
}
