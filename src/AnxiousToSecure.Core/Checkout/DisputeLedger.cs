using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>
/// Chargebacks: an open dispute suspends access, a won one gives it back (unless the money was
/// refunded anyway), a lost one ends it. One transaction per event (or the webhook's), payment row locked.
/// </summary>
public sealed class DisputeLedger(AppDbContext db, PaymentAccess access, MoneyNotices notices, TimeProvider time)
{
    /// <summary>charge.dispute.created / updated / closed. False if the payment is not known yet.</summary>
    public Task<bool> ApplyDisputeAsync(DisputeEventInfo d, bool closed, AuditActor actor, CancellationToken ct = default) =>
        notices.AfterCommitAsync(db, ApplyAsync(d, closed, actor, ct));

    private Task<bool> ApplyAsync(DisputeEventInfo d, bool closed, AuditActor actor, CancellationToken ct) =>
        db.InTransactionAsync(async ct =>
        {
            var existing = await db.Disputes.SingleOrDefaultAsync(x => x.StripeDisputeId == d.StripeDisputeId, ct);
            var payment = existing is not null
                ? await CheckoutSql.LockPaymentByIdAsync(db, existing.PaymentId, ct)
                : d.PaymentIntentId is null ? null : await CheckoutSql.LockPaymentByIntentAsync(db, d.PaymentIntentId, ct);
            if (payment is null) return false;

            var now = time.GetUtcNow();
            var dispute = existing ?? db.Disputes.Add(new Dispute
            {
                StripeDisputeId = d.StripeDisputeId,
                PaymentId = payment.Id,
                Currency = d.Currency,
                Status = d.Status,
                CreatedAt = now,
            }).Entity;
            dispute.ChargeId = d.ChargeId ?? dispute.ChargeId;
            dispute.AmountMinor = d.Amount;
            dispute.Reason = d.Reason;
            dispute.EvidenceDueBy = d.EvidenceDueBy ?? dispute.EvidenceDueBy;
            var wasClosed = dispute.ClosedAt is not null;
            dispute.Status = d.Status;
            // Her emails: the first time we hear of the dispute (unless it arrives already closed), and when it closes.
            if (existing is null && !closed) notices.Add(MoneyEmailKind.DisputeOpened, d.StripeDisputeId);
            if (closed && !wasClosed) notices.Add(MoneyEmailKind.DisputeClosed, d.StripeDisputeId);

            if (!closed && !wasClosed)
            {
                if (payment.Status != PaymentStatus.Disputed)
                {
                    payment.Status = PaymentStatus.Disputed;
                    await access.SetAsync(payment, EnrollmentStatus.Disputed, actor, AuditActions.Dispute.Opened, $"dispute {d.StripeDisputeId}, {d.Reason}, due {d.EvidenceDueBy:yyyy-MM-dd}", ct);
                }
            }
            else if (closed && !wasClosed)
            {
                dispute.ClosedAt = now;
                // Won (or an inquiry closed without a chargeback): access comes back unless the money was refunded anyway.
                var won = d.Result == DisputeResult.Won;
                payment.Status = RefundLedger.RefundState(payment) ?? (won ? PaymentStatus.Paid : PaymentStatus.Disputed);
                if (won && payment.Status != PaymentStatus.Refunded)
                {
                    await access.SetAsync(payment, EnrollmentStatus.Active, actor, AuditActions.Dispute.Won, $"dispute {d.StripeDisputeId} closed as {d.Status}", ct);
                }
                else
                {
                    await access.SetAsync(payment, EnrollmentStatus.Revoked, actor, AuditActions.Dispute.Lost, $"dispute {d.StripeDisputeId} closed as {d.Status}", ct);
                }
            }
            payment.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
}
