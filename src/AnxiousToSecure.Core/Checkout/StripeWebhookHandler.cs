using System.Text.Json;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;
using AnxiousToSecure.Core.Stripe;

namespace AnxiousToSecure.Core.Checkout;

public enum WebhookOutcome
{
    Processed,
    Duplicate,
    Ignored,
    Waiting,
    Failed,
    BadSignature,
    Malformed,
}

/// <summary>
/// The webhook inbox. Verifies the signature and timestamp, stores the raw event keyed by its id
/// (a redelivery is a no-op), then applies it through <see cref="Fulfilment"/>, <see cref="RefundLedger"/> or <see cref="DisputeLedger"/>. Events are read
/// field by field from the JSON, not through Stripe.net's typed model, so an event from another API
/// version is processed and flagged rather than lost.
/// </summary>
public sealed class StripeWebhookHandler(
    AppDbContext db,
    Fulfilment fulfilment,
    RefundLedger refunds,
    DisputeLedger disputes,
    EnrollmentService enrollments,
    IOptions<StripeOptions> options,
    TimeProvider time,
    ILogger<StripeWebhookHandler> log)
{
    public async Task<WebhookOutcome> ReceiveAsync(string json, string? signatureHeader, CancellationToken ct = default)
    {
        try
        {
            EventUtility.ValidateSignature(json, signatureHeader ?? "", options.Value.SigningSecret,
                options.Value.WebhookToleranceSeconds, time.GetUtcNow().ToUnixTimeSeconds());
        }
        catch (StripeException e)
        {
            log.LogWarning("Stripe webhook refused: {Reason}", e.Message);
            return WebhookOutcome.BadSignature;
        }

        string id, type;
        string? apiVersion, paymentIntent;
        long created;
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            id = CheckoutSessionInfo.Str(root, "id") ?? throw new JsonException("no id");
            type = CheckoutSessionInfo.Str(root, "type") ?? throw new JsonException("no type");
            apiVersion = CheckoutSessionInfo.Str(root, "api_version");
            created = CheckoutSessionInfo.Long(root, "created") ?? throw new JsonException("no created");
            var obj = root.GetProperty("data").GetProperty("object");
            if (obj.ValueKind != JsonValueKind.Object) throw new JsonException("data.object is not an object");
            paymentIntent = CheckoutSessionInfo.IdOf(obj, "payment_intent");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            log.LogWarning("Stripe webhook with a valid signature but unreadable body: {Reason}", e.Message);
            return WebhookOutcome.Malformed;
        }

        var mismatch = apiVersion is not null && apiVersion != StripeConfiguration.ApiVersion;
        if (mismatch) log.LogInformation("Stripe event {Id} uses API version {Version}; read field by field", id, apiVersion);
        var now = time.GetUtcNow();
        await CheckoutSql.AddStripeEventUnlessKnownAsync(db, id, type, apiVersion, mismatch, DateTimeOffset.FromUnixTimeSeconds(created), now, json, paymentIntent, ct);
        return await ProcessAsync(id, ct);
    }

    /// <summary>Applies one stored event, once. Also used to replay events that waited for their payment.</summary>
    public async Task<WebhookOutcome> ProcessAsync(string eventId, CancellationToken ct = default)
    {
        FulfilmentResult? fulfilled = null;
        StripeEventState? applied;
        StripeEventRecord? applying = null;
        try
        {
            applied = await db.InTransactionAsync(async ct =>
            {
                var record = await CheckoutSql.LockStripeEventAsync(db, eventId, ct)
                    ?? throw new InvalidOperationException($"Stripe event {eventId} is not stored.");
                if (record.State is StripeEventState.Processed or StripeEventState.Ignored or StripeEventState.Failed) return (StripeEventState?)null;
                applying = record;
                (var next, fulfilled) = await ApplyAsync(record, ct);
                record.State = next;
                record.Attempts++;
                record.Error = null;
                record.ProcessedAt = next is StripeEventState.Processed or StripeEventState.Ignored ? time.GetUtcNow() : null;
                await db.SaveChangesAsync(ct);
                return next;
            }, ct);
        }
        catch (Exception e) when (applying is { } record && e is BillingDataException or JsonException or KeyNotFoundException)
        {
            // Thrown while applying: the transaction has rolled back; the event is marked so it is not tried again.
            db.ChangeTracker.Clear();
            log.LogError("Stripe event {Id} ({Type}) cannot be applied: {Reason}", record.Id, record.Type, e.Message);
            await db.StripeEvents.Where(x => x.Id == eventId).ExecuteUpdateAsync(x => x
                .SetProperty(r => r.State, StripeEventState.Failed)
                .SetProperty(r => r.Error, e.Message)
                .SetProperty(r => r.Attempts, r => r.Attempts + 1), ct);
            return WebhookOutcome.Failed;
        }
        if (applied is not { } state) return WebhookOutcome.Duplicate;

        if (fulfilled is { NewlyEnrolled: true }) enrollments.SweepSoon();
        if (fulfilled?.PaymentIntentId is { } pi) await ReplayWaitingAsync(pi, ct);
        return state switch
        {
            StripeEventState.Processed => WebhookOutcome.Processed,
            StripeEventState.Waiting => WebhookOutcome.Waiting,
            _ => WebhookOutcome.Ignored,
        };
    }

    /// <summary>Events that arrived before their payment was known (a refund before the completion) now apply, oldest first.</summary>
    public async Task ReplayWaitingAsync(string paymentIntentId, CancellationToken ct = default)
    {
        var waiting = await db.StripeEvents.AsNoTracking()
            .Where(e => e.PaymentIntentId == paymentIntentId && e.State == StripeEventState.Waiting)
            .OrderBy(e => e.Created).Select(e => e.Id).ToListAsync(ct);
        foreach (var id in waiting) await ProcessAsync(id, ct);
    }

    private async Task<(StripeEventState, FulfilmentResult?)> ApplyAsync(StripeEventRecord record, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(record.Payload);
        var obj = doc.RootElement.GetProperty("data").GetProperty("object");
        var actor = AuditActor.Stripe;
        static StripeEventState Known(bool known) => known ? StripeEventState.Processed : StripeEventState.Waiting;
        switch (record.Type)
        {
            case "checkout.session.completed":
            case "checkout.session.async_payment_succeeded":
                return (StripeEventState.Processed, await fulfilment.FulfilAsync(CheckoutSessionInfo.FromJson(obj), actor, ct));
            case "checkout.session.async_payment_failed":
            case "checkout.session.expired":
                await fulfilment.MarkFailedAsync(CheckoutSessionInfo.FromJson(obj), actor, ct);
                return (StripeEventState.Processed, null);
            case "charge.refunded":
                return (Known(await refunds.ApplyChargeRefundedAsync(
                    CheckoutSessionInfo.IdOf(obj, "payment_intent"), CheckoutSessionInfo.Long(obj, "amount_refunded") ?? 0, actor, ct)), null);
            case "refund.created":
            case "refund.updated":
            case "refund.failed":
                return (Known(await refunds.ApplyRefundEventAsync(ReadRefund(obj), actor, ct)), null);
            case "charge.dispute.created":
            case "charge.dispute.updated":
            case "charge.dispute.closed":
                return (Known(await disputes.ApplyDisputeAsync(ReadDispute(obj), record.Type == "charge.dispute.closed", actor, ct)), null);
            default:
                return (StripeEventState.Ignored, null);
        }
    }

    private static RefundEventInfo ReadRefund(JsonElement r)
    {
        var metadata = r.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        var ours = metadata.ValueKind == JsonValueKind.Object ? CheckoutSessionInfo.Str(metadata, "refund_id") : null;
        return new RefundEventInfo(
            CheckoutSessionInfo.Str(r, "id") ?? throw new JsonException("refund without an id"),
            CheckoutSessionInfo.IdOf(r, "payment_intent"),
            CheckoutSessionInfo.Long(r, "amount") ?? 0,
            CheckoutSessionInfo.Str(r, "status") ?? "pending",
            CheckoutSessionInfo.Str(r, "failure_reason"),
            Guid.TryParse(ours, out var g) ? g : null);
    }

    private static DisputeEventInfo ReadDispute(JsonElement d)
    {
        var evidence = d.TryGetProperty("evidence_details", out var e) && e.ValueKind == JsonValueKind.Object ? e : default;
        var due = evidence.ValueKind == JsonValueKind.Object ? CheckoutSessionInfo.Long(evidence, "due_by") : null;
        return new DisputeEventInfo(
            CheckoutSessionInfo.Str(d, "id") ?? throw new JsonException("dispute without an id"),
            CheckoutSessionInfo.IdOf(d, "payment_intent"),
            CheckoutSessionInfo.IdOf(d, "charge"),
            CheckoutSessionInfo.Long(d, "amount") ?? 0,
            CheckoutSessionInfo.Str(d, "currency") ?? "usd",
            CheckoutSessionInfo.Str(d, "reason") ?? "",
            CheckoutSessionInfo.Str(d, "status") ?? "needs_response",
            due is { } s ? DateTimeOffset.FromUnixTimeSeconds(s) : null);
    }
}
