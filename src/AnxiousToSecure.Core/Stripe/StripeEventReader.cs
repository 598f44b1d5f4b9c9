using System.Globalization;
using System.Text.Json;
using AnxiousToSecure.Core.Checkout;
using Microsoft.Extensions.Options;
using Stripe;

namespace AnxiousToSecure.Core.Stripe;

/// <summary>
/// Stripe's events and Checkout Sessions read field by field from the JSON, not through Stripe.net's
/// typed model, so an event from another API version (new or missing fields elsewhere) still
/// yields what the ledger needs. Stripe's event types and status words stop here.
/// </summary>
public sealed partial class StripeEventReader(IOptions<StripeOptions> options, TimeProvider time) : IPaymentEventReader
{
    /// <summary>The API version our Stripe.net calls use; events written for another one are flagged.</summary>
    public static string CurrentApiVersion => StripeConfiguration.ApiVersion;

    /// <summary>A Stripe-Signature header for <paramref name="json"/>, as Stripe would send it (the local test checkout signs its own events).</summary>
    public static string SignatureHeader(string json, string secret, long created) => EventUtility.GenerateSignatureHeader(json, secret, created);

    public string? SignatureProblem(string json, string? signatureHeader)
    {
        try
        {
            EventUtility.ValidateSignature(json, signatureHeader ?? "", options.Value.SigningSecret,
                options.Value.WebhookToleranceSeconds, time.GetUtcNow().ToUnixTimeSeconds());
            return null;
        }
        catch (StripeException e)
        {
            return e.Message;
        }
    }

    public PaymentEventEnvelope ReadEnvelope(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var obj = root.GetProperty("data").GetProperty("object");
            if (obj.ValueKind != JsonValueKind.Object) throw new JsonException("data.object is not an object");
            var apiVersion = Str(root, "api_version");
            return new PaymentEventEnvelope(
                Str(root, "id") ?? throw new JsonException("no id"),
                Str(root, "type") ?? throw new JsonException("no type"),
                apiVersion,
                apiVersion is not null && apiVersion != CurrentApiVersion,
                DateTimeOffset.FromUnixTimeSeconds(Long(root, "created") ?? throw new JsonException("no created")),
                IdOf(obj, "payment_intent"));
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
        {
            throw new JsonException(e.Message, e);
        }
    }

    public PaymentEvent Read(string type, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var obj = doc.RootElement.GetProperty("data").GetProperty("object");
        if (ReadPlanEvent(type, obj) is { } plan) return plan;
        return type switch
        {
            "checkout.session.completed" or "checkout.session.async_payment_succeeded" => new CheckoutCompletedEvent(ReadSession(obj)),
            "checkout.session.async_payment_failed" or "checkout.session.expired" => new CheckoutFailedEvent(ReadSession(obj)),
            "charge.refunded" => new ChargeRefundedEvent(IdOf(obj, "payment_intent"), Long(obj, "amount_refunded") ?? 0),
            "refund.created" or "refund.updated" or "refund.failed" => new RefundChangedEvent(ReadRefund(obj)),
            "charge.dispute.created" or "charge.dispute.updated" => new DisputeChangedEvent(ReadDispute(obj), Closed: false),
            "charge.dispute.closed" => new DisputeChangedEvent(ReadDispute(obj), Closed: true),
            _ => new IgnoredEvent(),
        };
    }

    /// <summary>A checkout.session object, from an event or from the API.</summary>
    public static CheckoutSessionInfo ReadSession(JsonElement session)
    {
        var metadata = session.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        var userId = Str(session, "client_reference_id") ?? (metadata.ValueKind == JsonValueKind.Object ? Str(metadata, "user_id") : null);
        var course = metadata.ValueKind == JsonValueKind.Object ? Str(metadata, "course_id") : null;
        return new CheckoutSessionInfo(
            Str(session, "id") ?? throw new JsonException("checkout.session without an id"),
            Str(session, "url"),
            SessionState(Str(session, "status")),
            PaymentState(Str(session, "payment_status")),
            IdOf(session, "payment_intent"),
            Long(session, "amount_total"),
            Str(session, "currency"),
            userId,
            int.TryParse(course, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : null,
            Long(session, "expires_at") is { } exp ? DateTimeOffset.FromUnixTimeSeconds(exp) : null);
    }

    /// <summary>
    /// From a checkout.session with <c>invoice</c> and <c>payment_intent.latest_charge</c> expanded: the hosted
    /// invoice when one was made, else the charge's receipt. Null while neither exists.
    /// </summary>
    public static ReceiptInfo? ReadReceipt(JsonElement session)
    {
        if (session.TryGetProperty("invoice", out var invoice) && invoice.ValueKind == JsonValueKind.Object
            && Str(invoice, "hosted_invoice_url") is { Length: > 0 } hosted)
        {
            return new ReceiptInfo(hosted, IsInvoice: true);
        }
        if (session.TryGetProperty("payment_intent", out var intent) && intent.ValueKind == JsonValueKind.Object
            && intent.TryGetProperty("latest_charge", out var charge) && charge.ValueKind == JsonValueKind.Object
            && Str(charge, "receipt_url") is { Length: > 0 } receipt)
        {
            return new ReceiptInfo(receipt, IsInvoice: false);
        }
        return null;
    }

    /// <summary>Stripe's session status; a missing or unknown one counts as still open.</summary>
    public static CheckoutSessionState SessionState(string? status) => status switch
    {
        "complete" => CheckoutSessionState.Complete,
        "expired" => CheckoutSessionState.Expired,
        _ => CheckoutSessionState.Open,
    };

    /// <summary>Stripe's payment_status; a missing or unknown one counts as unpaid.</summary>
    public static CheckoutPaymentState PaymentState(string? status) => status switch
    {
        "paid" => CheckoutPaymentState.Paid,
        "no_payment_required" => CheckoutPaymentState.NoPaymentRequired,
        _ => CheckoutPaymentState.Unpaid,
    };

    /// <summary>Stripe's refund status; anything not final (pending, requires_action, missing) is pending.</summary>
    public static RefundStatus RefundState(string? status) => status switch
    {
        "succeeded" => RefundStatus.Succeeded,
        "failed" => RefundStatus.Failed,
        "canceled" => RefundStatus.Canceled,
        _ => RefundStatus.Pending,
    };

    /// <summary>Stripe's dispute status: "won" and "warning_closed" (an inquiry closed without a chargeback) give access back.</summary>
    public static DisputeResult DisputeResultOf(string? status) => status switch
    {
        "won" or "warning_closed" => DisputeResult.Won,
        "lost" => DisputeResult.Lost,
        _ => DisputeResult.Undecided,
    };

    private static RefundEventInfo ReadRefund(JsonElement r)
    {
        var metadata = r.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        var ours = metadata.ValueKind == JsonValueKind.Object ? Str(metadata, "refund_id") : null;
        return new RefundEventInfo(
            Str(r, "id") ?? throw new JsonException("refund without an id"),
            IdOf(r, "payment_intent"),
            Long(r, "amount") ?? 0,
            RefundState(Str(r, "status")),
            Str(r, "failure_reason"),
            Guid.TryParse(ours, out var g) ? g : null);
    }

    private static DisputeEventInfo ReadDispute(JsonElement d)
    {
        var evidence = d.TryGetProperty("evidence_details", out var e) && e.ValueKind == JsonValueKind.Object ? e : default;
        var due = evidence.ValueKind == JsonValueKind.Object ? Long(evidence, "due_by") : null;
        var status = Str(d, "status") ?? "needs_response";
        return new DisputeEventInfo(
            Str(d, "id") ?? throw new JsonException("dispute without an id"),
            IdOf(d, "payment_intent"),
            IdOf(d, "charge"),
            Long(d, "amount") ?? 0,
            Str(d, "currency") ?? "usd",
            Str(d, "reason") ?? "",
            status,
            DisputeResultOf(status),
            due is { } s ? DateTimeOffset.FromUnixTimeSeconds(s) : null);
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    /// <summary>An expandable field: either "pi_..." or an object with an id.</summary>
    private static string? IdOf(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var v) ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : v.ValueKind == JsonValueKind.Object ? Str(v, "id")
        : null;
}
