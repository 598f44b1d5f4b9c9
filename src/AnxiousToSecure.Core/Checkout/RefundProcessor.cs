using AnxiousToSecure.Core.Admin;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Stripe;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>Why a refund was not even tried (the admin sees this message).</summary>
public sealed class RefundRefusedException(string message) : Exception(message);

/// <summary>
/// Refunds all or part of a payment through Stripe. Our refund row is written first and its id is
/// the idempotency key, so a call that timed out can be retried and never refunds twice. A refund
/// Stripe refuses is marked failed with Stripe's reason; one it did not confirm stays "requested" with a note, for a retry.
/// </summary>
public sealed class RefundProcessor(AppDbContext db, RefundLedger ledger, IPaymentGateway gateway, TimeProvider time, ILogger<RefundProcessor> log)
{
    /// <param name="amountMinor">Null refunds everything not yet refunded.</param>
    /// <param name="revokeAccess">For a partial refund: end access too. A full refund always ends it.</param>
    public async Task<Refund> RefundAsync(Guid paymentId, long? amountMinor, string reason, bool revokeAccess, AuditActor actor, CancellationToken ct = default)
    {
        if (AdminReason.Problem(reason) is { } problem) throw new RefundRefusedException(problem);
        var now = time.GetUtcNow();
        var requested = await db.InTransactionAsync(async ct =>
        {
            var payment = await CheckoutSql.LockPaymentByIdAsync(db, paymentId, ct)
                ?? throw new RefundRefusedException("There is no such payment.");
            if (!PaymentRules.IsRefundable(payment))
            {
                throw new RefundRefusedException(payment.RemainingMinor <= 0
                    ? "Nothing is left to refund on this payment."
                    : $"This payment is {payment.Status.ToString().ToLowerInvariant()}; only a paid payment can be refunded.");
            }
            var inFlight = await db.Refunds.Where(r => r.PaymentId == paymentId && (r.Status == RefundStatus.Requested || r.Status == RefundStatus.Pending))
                .SumAsync(r => r.AmountMinor, ct);
            var available = payment.AmountMinor - payment.RefundedMinor - inFlight;
            var amount = amountMinor ?? available;
            if (amount <= 0 || amount > available)
            {
                throw new RefundRefusedException($"The amount must be more than zero and at most {MoneyText.Format(available, payment.Currency)}" +
                    (inFlight > 0 ? $" ({MoneyText.Format(inFlight, payment.Currency)} is already being refunded)." : "."));
            }
            var refund = new Refund
            {
                Id = Guid.CreateVersion7(now),
                PaymentId = paymentId,
                AmountMinor = amount,
                Reason = reason.Trim(),
                RevokeAccess = revokeAccess,
                RequestedById = actor.Id,
                Status = RefundStatus.Requested,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Refunds.Add(refund);
            AuditLog.Write(db, time, actor, AuditActions.Refund.Requested, payment.UserId, $"refund:{refund.Id}",
                $"{MoneyText.Format(amount, payment.Currency)} of payment {payment.Id}{(revokeAccess ? ", ending access" : "")}: {refund.Reason}");
            await db.SaveChangesAsync(ct);
            return refund;
        }, ct);
        return await SubmitAsync(requested.Id, actor, ct);
    }

    /// <summary>Sends (or re-sends, with the same idempotency key) a refund Stripe has not confirmed yet.</summary>
    public async Task<Refund> SubmitAsync(Guid refundId, AuditActor actor, CancellationToken ct = default)
    {
        var refund = await db.Refunds.Include(r => r.Payment).SingleAsync(r => r.Id == refundId, ct);
        if (refund.Status != RefundStatus.Requested) return refund;

        RefundInfo info;
        try
        {
            info = await gateway.RefundAsync(refund.IdempotencyKey, refund.Id, refund.Payment!.PaymentIntentId!, refund.AmountMinor, ct);
        }
        catch (PaymentGatewayException e) when (e.Failure is PaymentGatewayFailure.Refused or PaymentGatewayFailure.NotFound)
        {
            // Stripe said no (already refunded, amount too high, ...): a definite failure, shown as such.
            await ledger.ApplyRefundResultAsync(refund.Id, new RefundInfo(refund.StripeRefundId ?? "", RefundStatus.Failed, refund.AmountMinor, e.Message), actor, ct);
            return await ReloadAsync(refund.Id, ct);
        }
        catch (PaymentGatewayException e) when (!ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Refund {RefundId} was not confirmed by Stripe; it can be retried safely", refund.Id);
            refund.FailureReason = $"Stripe did not confirm this refund ({e.Message}). Retrying is safe: it reuses the same idempotency key.";
            refund.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
            return refund;
        }
        await ledger.ApplyRefundResultAsync(refund.Id, info, actor, ct);
        return await ReloadAsync(refund.Id, ct);
    }

    private async Task<Refund> ReloadAsync(Guid id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.Refunds.AsNoTracking().Include(r => r.Payment).SingleAsync(r => r.Id == id, ct);
    }
}
