using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>
/// What refunds do to a payment and its access, whether we asked for them (<see cref="RefundProcessor"/>)
/// or Stripe's dashboard did. Each call is one transaction (or joins the webhook's) with the payment
/// row locked, so Stripe's several refund events and our own call settle in the one right state.
/// </summary>
public sealed class RefundLedger(AppDbContext db, PaymentAccess access, MoneyNotices notices, TimeProvider time)
{
    /// <summary>charge.refunded: Stripe's running total of refunds on the charge. False if the payment is not known yet.</summary>
    public Task<bool> ApplyChargeRefundedAsync(string? paymentIntentId, long amountRefunded, AuditActor actor, CancellationToken ct = default) =>
        notices.AfterCommitAsync(db, db.InTransactionAsync(async ct =>
        {
            var payment = paymentIntentId is null ? null : await CheckoutSql.LockPaymentByIntentAsync(db, paymentIntentId, ct);
            if (payment is null) return false;
            await ApplyRefundedTotalAsync(payment, amountRefunded, revokeEvenIfPartial: false, actor, ct);
            await db.SaveChangesAsync(ct);
            return true;
        }, ct));

    /// <summary>refund.created / updated / failed, including refunds made in the Stripe dashboard. False if the payment is not known yet.</summary>
    public Task<bool> ApplyRefundEventAsync(RefundEventInfo r, AuditActor actor, CancellationToken ct = default) =>
        notices.AfterCommitAsync(db, db.InTransactionAsync(async ct =>
        {
            var refund = await db.Refunds.SingleOrDefaultAsync(x => x.StripeRefundId == r.StripeRefundId, ct)
                ?? (r.OurRefundId is { } ours ? await db.Refunds.SingleOrDefaultAsync(x => x.Id == ours, ct) : null);
            var payment = refund is not null
                ? await CheckoutSql.LockPaymentByIdAsync(db, refund.PaymentId, ct)
                : r.PaymentIntentId is null ? null : await CheckoutSql.LockPaymentByIntentAsync(db, r.PaymentIntentId, ct);
            if (payment is null) return false;

            var now = time.GetUtcNow();
            if (refund is null)
            {
                refund = new Refund
                {
                    Id = Guid.CreateVersion7(now),
                    PaymentId = payment.Id,
                    AmountMinor = r.Amount,
                    Reason = "Refunded in the Stripe dashboard",
                    Status = RefundStatus.Requested,
                    CreatedAt = now,
                };
                db.Refunds.Add(refund);
            }
            await ApplyRefundStateAsync(payment, refund, r.StripeRefundId, r.Status, r.FailureReason, actor, ct);
            await db.SaveChangesAsync(ct);
            return true;
        }, ct));

    /// <summary>What Stripe answered to our refund call (or later said about it).</summary>
    public Task ApplyRefundResultAsync(Guid refundId, RefundInfo info, AuditActor actor, CancellationToken ct = default) =>
        notices.AfterCommitAsync(db, db.InTransactionAsync(async ct =>
        {
            var refund = await db.Refunds.SingleAsync(r => r.Id == refundId, ct);
            var payment = (await CheckoutSql.LockPaymentByIdAsync(db, refund.PaymentId, ct))!;
            await ApplyRefundStateAsync(payment, refund, info.Id, info.Status, info.FailureReason, actor, ct);
            await db.SaveChangesAsync(ct);
            return true;
        }, ct));

    /// <summary>The state a payment's refunded total puts it in; null while nothing is refunded.</summary>
    internal static PaymentStatus? RefundState(Payment p) =>
        p.AmountMinor > 0 && p.RefundedMinor >= p.AmountMinor ? PaymentStatus.Refunded
        : p.RefundedMinor > 0 ? PaymentStatus.PartiallyRefunded
        : null;

    private async Task ApplyRefundStateAsync(Payment payment, Refund refund, string stripeRefundId, RefundStatus status, string? failure, AuditActor actor, CancellationToken ct)
    {
        var before = refund.Status;
        refund.StripeRefundId ??= stripeRefundId;
        refund.Status = status;
        refund.FailureReason = refund.Status is RefundStatus.Failed or RefundStatus.Canceled ? failure ?? status.ToString().ToLowerInvariant() : null;
        refund.UpdatedAt = time.GetUtcNow();
        if (before == refund.Status) return;

        var money = MoneyText.Format(refund.AmountMinor, payment.Currency);
        AuditLog.Write(db, time, actor, AuditActions.Refund.Reached(refund.Status), payment.UserId, $"refund:{refund.Id}",
            $"{money} of payment {payment.Id} ({stripeRefundId}){(refund.FailureReason is null ? "" : ": " + refund.FailureReason)}");
        if (refund.Status is RefundStatus.Failed or RefundStatus.Canceled) return;

        if (refund.Status == RefundStatus.Succeeded)
        {
            // Each refund reaches Succeeded once (this row, under the payment's lock): one email per refund, full or partial.
            notices.Add(MoneyEmailKind.RefundMade, refund.Id.ToString());
            await db.SaveChangesAsync(ct);
            var succeeded = await db.Refunds.Where(r => r.PaymentId == payment.Id && r.Status == RefundStatus.Succeeded).SumAsync(r => r.AmountMinor, ct);
            await ApplyRefundedTotalAsync(payment, succeeded, refund.RevokeAccess, actor, ct);
        }
        else if (before == RefundStatus.Requested)
        {
            // Accepted but not settled (pending): access follows the refund now, the money when it settles.
            var full = payment.RefundedMinor + refund.AmountMinor >= payment.AmountMinor;
            if (full || refund.RevokeAccess)
            {
                await access.SetAsync(payment, full ? EnrollmentStatus.Refunded : EnrollmentStatus.Revoked, actor, AuditActions.Enrollment.Revoked, $"refund {refund.Id} of {money}", ct);
            }
        }
    }

    /// <summary>Moves the refunded total up (never down) and ends access on a full refund, or on a partial one if asked.</summary>
    private async Task ApplyRefundedTotalAsync(Payment payment, long refundedMinor, bool revokeEvenIfPartial, AuditActor actor, CancellationToken ct)
    {
        payment.RefundedMinor = Math.Min(payment.AmountMinor, Math.Max(payment.RefundedMinor, refundedMinor));
        payment.UpdatedAt = time.GetUtcNow();
        if (payment.Status != PaymentStatus.Disputed) payment.Status = RefundState(payment) ?? payment.Status;
        var full = RefundState(payment) == PaymentStatus.Refunded;
        if (full || (revokeEvenIfPartial && payment.RefundedMinor > 0))
        {
            await access.SetAsync(payment, full ? EnrollmentStatus.Refunded : EnrollmentStatus.Revoked, actor, AuditActions.Enrollment.Revoked,
                $"{MoneyText.Format(payment.RefundedMinor, payment.Currency)} of {MoneyText.Format(payment.AmountMinor, payment.Currency)} refunded", ct);
        }
    }
}
