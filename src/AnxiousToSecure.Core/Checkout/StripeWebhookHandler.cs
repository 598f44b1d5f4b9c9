using System.Text.Json;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

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
/// (a redelivery is a no-op), then applies it through <see cref="Fulfilment"/>, <see cref="RefundLedger"/> or <see cref="DisputeLedger"/>. The provider's
/// JSON, event types and status words are read by <see cref="IPaymentEventReader"/> (in the Stripe
/// adapter); an event from another API version is processed and flagged rather than lost.
/// </summary>
public sealed class StripeWebhookHandler(
    AppDbContext db,
    Fulfilment fulfilment,
    RefundLedger refunds,
    PlanLedger plans,
    DisputeLedger disputes,
    EnrollmentService enrollments,
    MoneyNotices notices,
    Receipts receipts,
    IPaymentEventReader reader,
    TimeProvider time,
    AppMetrics metrics,
    ILogger<StripeWebhookHandler> log)
{
    /// <summary>Receives one delivery and counts it by event type and outcome (an exception counts as <c>error</c>: Stripe gets a 5xx and redelivers).</summary>
    public async Task<WebhookOutcome> ReceiveAsync(string json, string? signatureHeader, CancellationToken ct = default)
    {
        string? type = null;
        try
        {
            var outcome = await ReceiveCountedAsync(json, signatureHeader, t => type = t, ct);
            metrics.WebhookEvent(type, OutcomeTag(outcome));
            return outcome;
        }
        catch
        {
            metrics.WebhookEvent(type, "error");
            throw;
        }
    }

    private static string OutcomeTag(WebhookOutcome outcome) => outcome switch
    {
        WebhookOutcome.Processed => "processed",
        WebhookOutcome.Duplicate => "duplicate",
        WebhookOutcome.Ignored => "ignored",
        WebhookOutcome.Waiting => "waiting",
        WebhookOutcome.Failed => "failed",
        WebhookOutcome.BadSignature => "bad_signature",
        _ => "malformed",
    };

    private async Task<WebhookOutcome> ReceiveCountedAsync(string json, string? signatureHeader, Action<string> typeRead, CancellationToken ct)
    {
        if (reader.SignatureProblem(json, signatureHeader) is { } problem)
        {
            log.LogWarning("Stripe webhook refused: {Reason}", problem);
            return WebhookOutcome.BadSignature;
        }

        string id, type;
        string? apiVersion, paymentIntent;
        long created;
        bool mismatch;
        try
        {
            var envelope = reader.ReadEnvelope(json);
            (id, type, apiVersion, mismatch, paymentIntent) = (envelope.Id, envelope.Type, envelope.ApiVersion, envelope.ApiVersionMismatch, envelope.PaymentIntentId);
            created = envelope.Created.ToUnixTimeSeconds();
            typeRead(type);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            log.LogWarning("Stripe webhook with a valid signature but unreadable body: {Reason}", e.Message);
            return WebhookOutcome.Malformed;
        }

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
        notices.Discard();
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
            notices.Discard();
            db.ChangeTracker.Clear();
            log.LogError("Stripe event {Id} ({Type}) cannot be applied: {Reason}", record.Id, record.Type, e.Message);
            await db.StripeEvents.Where(x => x.Id == eventId).ExecuteUpdateAsync(x => x
                .SetProperty(r => r.State, StripeEventState.Failed)
                .SetProperty(r => r.Error, e.Message)
                .SetProperty(r => r.Attempts, r => r.Attempts + 1), ct);
            return WebhookOutcome.Failed;
        }
        catch
        {
            notices.Discard();
            throw;
        }
        // Committed: the emails about her money that this event called for go to the queue.
        notices.SendIfCommitted(db);
        if (applied is not { } state) return WebhookOutcome.Duplicate;

        if (fulfilled is { NewlyEnrolled: true }) enrollments.SweepSoon();
        if (fulfilled is { Outcome: FulfilmentOutcome.Enrolled } f) await receipts.RecordAsync(f.PaymentId, ct);
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
        var actor = AuditActor.Stripe;
        static StripeEventState Known(bool known) => known ? StripeEventState.Processed : StripeEventState.Waiting;
        // A plan row exists from the moment its checkout starts: an event about a subscription we have no plan for is not ours.
        static StripeEventState Ours(bool known) => known ? StripeEventState.Processed : StripeEventState.Ignored;
        switch (reader.Read(record.Type, record.Payload))
        {
            case CheckoutCompletedEvent e:
                return (StripeEventState.Processed, await fulfilment.FulfilAsync(e.Session, actor, ct));
            case CheckoutFailedEvent e:
                await fulfilment.MarkFailedAsync(e.Session, actor, ct);
                return (StripeEventState.Processed, null);
            case ChargeRefundedEvent e:
                return (Known(await refunds.ApplyChargeRefundedAsync(e.PaymentIntentId, e.AmountRefunded, actor, ct)), null);
            case RefundChangedEvent e:
                return (Known(await refunds.ApplyRefundEventAsync(e.Refund, actor, ct)), null);
            case DisputeChangedEvent e:
                return (Known(await disputes.ApplyDisputeAsync(e.Dispute, e.Closed, actor, ct)), null);
            case PlanCheckoutEvent e:
                return (Ours(await plans.ApplyCheckoutAsync(e.Session, actor, ct)), null);
            case PlanInvoicePaidEvent e:
                return (Ours(await plans.ApplyInvoicePaidAsync(e.Invoice, record.Created, actor, ct)), null);
            case PlanInvoiceFailedEvent e:
                return (Ours(await plans.ApplyInvoiceFailedAsync(e.Invoice, record.Created, actor, ct)), null);
            case PlanSubscriptionEvent e:
                return (Ours(await plans.ApplySubscriptionAsync(e, record.Created, actor, ct)), null);
            default:
                return (StripeEventState.Ignored, null);
        }
    }
}
