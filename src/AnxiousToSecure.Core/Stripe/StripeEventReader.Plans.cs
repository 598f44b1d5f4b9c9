using System.Text.Json;
using AnxiousToSecure.Core.Checkout;

namespace AnxiousToSecure.Core.Stripe;

/// <summary>
/// Payment plan events read field by field: checkout sessions in subscription mode, invoices of a subscription, and
/// subscriptions. Both invoice shapes are read: the older one (<c>subscription</c>, <c>payment_intent</c> on the invoice)
/// and the newer one (<c>parent.subscription_details</c>, <c>payments.data[].payment.payment_intent</c>).
/// </summary>
public sealed partial class StripeEventReader
{
    private static PaymentEvent? ReadPlanEvent(string type, JsonElement obj)
    {
        if (type.StartsWith("checkout.session.", StringComparison.Ordinal))
        {
            return Str(obj, "mode") == "subscription" ? new PlanCheckoutEvent(ReadPlanSession(obj)) : null;
        }
        return type switch
        {
            "invoice.paid" => ReadInvoice(obj) is { } paid ? new PlanInvoicePaidEvent(paid) : null,
            "invoice.payment_failed" => ReadInvoice(obj) is { } failed ? new PlanInvoiceFailedEvent(failed) : null,
            "customer.subscription.created" or "customer.subscription.updated" => ReadSubscription(obj, deleted: false),
            "customer.subscription.deleted" => ReadSubscription(obj, deleted: true),
            _ => null,
        };
    }

    /// <summary>A checkout.session in subscription mode, from an event or from the API.</summary>
    public static PlanCheckoutInfo ReadPlanSession(JsonElement s)
    {
        var metadata = Object(s, "metadata");
        return new PlanCheckoutInfo(
            Str(s, "id") ?? throw new JsonException("checkout.session without an id"),
            PlanIdOf(metadata),
            Str(s, "client_reference_id") ?? (metadata is { } m ? Str(m, "user_id") : null),
            IdOf(s, "subscription"),
            IdOf(s, "customer"),
            SessionState(Str(s, "status")) == CheckoutSessionState.Complete && PaymentState(Str(s, "payment_status")) != CheckoutPaymentState.Unpaid,
            SessionState(Str(s, "status")) == CheckoutSessionState.Expired);
    }

    /// <summary>Stripe's subscription status in our words.</summary>
    public static SubscriptionState SubscriptionStateOf(string? status) => status switch
    {
        "active" => SubscriptionState.Active,
        "past_due" => SubscriptionState.PastDue,
        "unpaid" => SubscriptionState.Unpaid,
        "canceled" or "incomplete_expired" => SubscriptionState.Canceled,
        _ => SubscriptionState.Other,
    };

    /// <summary>Null for an invoice that belongs to no subscription (not a plan's).</summary>
    private static PlanInvoiceInfo? ReadInvoice(JsonElement inv)
    {
        var details = Object(inv, "parent") is { } parent ? Object(parent, "subscription_details") : null;
        details ??= Object(inv, "subscription_details");
        var subscription = IdOf(inv, "subscription") ?? (details is { } d ? IdOf(d, "subscription") : null);
        var planId = PlanIdOf(details is { } dm ? Object(dm, "metadata") : null) ?? PlanIdOf(FirstLineMetadata(inv));
        if (subscription is null && planId is null) return null;
        var intent = IdOf(inv, "payment_intent");
        if (intent is null && Object(inv, "payments") is { } payments && payments.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
        {
            foreach (var p in data.EnumerateArray())
            {
                if (Object(p, "payment") is { } payment && IdOf(payment, "payment_intent") is { } pi)
                {
                    intent = pi;
                    break;
                }
            }
        }
        return new PlanInvoiceInfo(
            Str(inv, "id") ?? throw new JsonException("invoice without an id"),
            new PlanRef(planId, subscription),
            IdOf(inv, "customer"),
            intent,
            Long(inv, "amount_due") ?? 0,
            Long(inv, "amount_paid") ?? 0,
            Str(inv, "currency") ?? "usd",
            (int)(Long(inv, "attempt_count") ?? 0),
            inv.TryGetProperty("next_payment_attempt", out var next) && next.ValueKind == JsonValueKind.Number);
    }

    private static PlanSubscriptionEvent ReadSubscription(JsonElement sub, bool deleted)
    {
        var id = Str(sub, "id") ?? throw new JsonException("subscription without an id");
        var state = deleted ? SubscriptionState.Canceled : SubscriptionStateOf(Str(sub, "status"));
        return new PlanSubscriptionEvent(new PlanRef(PlanIdOf(Object(sub, "metadata")), id), id, IdOf(sub, "customer"), state);
    }

    private static JsonElement? FirstLineMetadata(JsonElement inv)
    {
        if (Object(inv, "lines") is not { } lines || !lines.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array) return null;
        foreach (var line in data.EnumerateArray()) return Object(line, "metadata");
        return null;
    }

    private static Guid? PlanIdOf(JsonElement? metadata) =>
        metadata is { } m && Guid.TryParse(Str(m, "plan_id"), out var g) ? g : null;

    private static JsonElement? Object(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;
}
