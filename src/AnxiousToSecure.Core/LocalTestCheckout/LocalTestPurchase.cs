using System.Globalization;
using System.Text.Json;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Stripe;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Core.LocalTestCheckout;

/// <summary>
/// Development without Stripe keys: "pays" a local test checkout by sending the app a signed
/// checkout.session.completed event, so the purchase goes through the same webhook and fulfilment
/// code. Registered only with <see cref="LocalTestPaymentGateway"/>, so production code never reaches it.
/// </summary>
public sealed class LocalTestPurchase(AppDbContext db, StripeWebhookHandler webhooks, IOptions<StripeOptions> options, TimeProvider time)
{
    /// <summary>What the test checkout asks her to pay, and the (test) promotion code taken off; null if the checkout is not hers.</summary>
    public async Task<(long AmountMinor, string Currency, string? Code)?> AmountAsync(string sessionId, string userId, CancellationToken ct = default) =>
        await db.Payments.AsNoTracking().Where(p => p.CheckoutSessionId == sessionId && p.UserId == userId)
            .Select(p => new { p.AmountMinor, p.Currency, Code = p.PromotionCode == null ? null : p.PromotionCode.Code })
            .SingleOrDefaultAsync(ct) is { } p ? (p.AmountMinor, p.Currency, p.Code) : null;

    public async Task<bool> CompleteAsync(string sessionId, string userId, CancellationToken ct = default)
    {
        var payment = await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.CheckoutSessionId == sessionId && p.UserId == userId, ct);
        if (payment is null) return false;

        var created = time.GetUtcNow().ToUnixTimeSeconds();
        var json = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = $"evt_local_{Guid.NewGuid():N}",
            ["object"] = "event",
            ["api_version"] = StripeEventReader.CurrentApiVersion,
            ["created"] = created,
            ["livemode"] = false,
            ["type"] = "checkout.session.completed",
            ["data"] = new Dictionary<string, object?>
            {
                ["object"] = new Dictionary<string, object?>
                {
                    ["id"] = sessionId,
                    ["object"] = "checkout.session",
                    ["mode"] = "payment",
                    ["status"] = "complete",
                    ["payment_status"] = "paid",
                    ["payment_intent"] = $"pi_local_{payment.Id:N}",
                    ["amount_total"] = payment.AmountMinor,
                    ["currency"] = payment.Currency,
                    ["client_reference_id"] = userId,
                    ["metadata"] = new Dictionary<string, string>
                    {
                        ["user_id"] = userId,
                        ["course_id"] = payment.CourseId.ToString(CultureInfo.InvariantCulture),
                        ["payment_id"] = payment.Id.ToString(),
                    },
                },
            },
        });
        var signature = StripeEventReader.SignatureHeader(json, options.Value.SigningSecret, created);
        var outcome = await webhooks.ReceiveAsync(json, signature, ct);
        return outcome is WebhookOutcome.Processed or WebhookOutcome.Duplicate;
    }
}
