using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using AnxiousToSecure.Core.Stripe;

namespace AnxiousToSecure.Core.Checkout;

public enum FulfilmentOutcome
{
    Enrolled,

    /// <summary>Checkout finished but the money has not arrived yet (a delayed payment method).</summary>
    Processing,
    Failed,
    Refunded,
    Disputed,
}

/// <param name="NewlyEnrolled">Access began with this call: the caller starts a drip sweep once its transaction has committed.</param>
public sealed record FulfilmentResult(FulfilmentOutcome Outcome, Guid PaymentId, Guid? EnrollmentId, string? PaymentIntentId, bool NewlyEnrolled);

/// <summary>A payload that is verified but cannot be applied (no user, unknown course): retrying will not help.</summary>
public sealed class BillingDataException(string message) : Exception(message);

/// <summary>
/// Every change to payments and the access they buy, each in one transaction with the row locked
/// (<c>FOR UPDATE</c>), so the webhook, the success page and the admin can reach the same payment at
/// the same time, in any order, any number of times, and leave it in the one right state.
/// </summary>
public sealed class PaymentLedger(AppDbContext db, EnrollmentService enrollments, TimeProvider time)
{
    /// <summary>
    /// Records a completed checkout and grants the course. Idempotent: the first caller (webhook or
    /// success page) creates the payment and the enrollment; every later call finds them and returns the same result.
    /// </summary>
    public async Task<FulfilmentResult> FulfilAsync(CheckoutSessionInfo s, AuditActor actor, CancellationToken ct = default)
    {
        if (s.UserId is null || s.CourseId is null)
        {
            throw new BillingDataException($"Checkout session {s.Id} names no user or course (client_reference_id, metadata.course_id).");
        }
        if (!await db.Users.AnyAsync(u => u.Id == s.UserId, ct)) throw new BillingDataException($"Checkout session {s.Id} names an unknown user.");
        if (!await db.Courses.AnyAsync(c => c.Id == s.CourseId, ct)) throw new BillingDataException($"Checkout session {s.Id} names an unknown course.");

        await using var tx = await JoinOrBeginAsync(ct);
        var now = time.GetUtcNow();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "Payments" ("Id", "UserId", "CourseId", "CheckoutSessionId", "AmountMinor", "Currency", "RefundedMinor", "Status", "CreatedAt", "UpdatedAt")
            VALUES ({Guid.CreateVersion7(now)}, {s.UserId}, {s.CourseId.Value}, {s.Id}, {s.AmountTotal ?? 0}, {s.Currency ?? "usd"}, 0, 'Pending', {now}, {now})
            ON CONFLICT ("CheckoutSessionId") DO NOTHING
            """, ct);
        var payment = (await db.Payments.FromSqlInterpolated($"""SELECT * FROM "Payments" WHERE "CheckoutSessionId" = {s.Id} FOR UPDATE""").ToListAsync(ct)).Single();

        payment.PaymentIntentId ??= s.PaymentIntentId;
        if (payment.Status == PaymentStatus.Pending)
        {
            // A promotion code changes the total: what was paid is what the session says.
            if (s.AmountTotal is { } total) payment.AmountMinor = total;
            if (s.Currency is { } currency) payment.Currency = currency;
        }

        var newly = false;
        if (payment.Status is PaymentStatus.Pending or PaymentStatus.Failed && s.IsPaid)
        {
            payment.Status = PaymentStatus.Paid;
            payment.PaidAt = now;
            (payment.EnrollmentId, newly) = await ActivateEnrollmentAsync(payment.UserId!, payment.CourseId, now, ct);
            AuditLog.Write(db, time, actor, AuditActions.Payment.Completed, payment.UserId, $"payment:{payment.Id}",
                $"{MoneyText.Format(payment.AmountMinor, payment.Currency)}, session {s.Id}, intent {payment.PaymentIntentId}");
        }
        else if (payment.Status == PaymentStatus.Pending && s.State == CheckoutSessionState.Expired)
        {
            payment.Status = PaymentStatus.Failed;
        }
        payment.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        var outcome = payment.Status switch
        {
            PaymentStatus.Paid or PaymentStatus.PartiallyRefunded => FulfilmentOutcome.Enrolled,
            PaymentStatus.Pending => FulfilmentOutcome.Processing,
            PaymentStatus.Refunded => FulfilmentOutcome.Refunded,
            PaymentStatus.Disputed => FulfilmentOutcome.Disputed,
            _ => FulfilmentOutcome.Failed,
        };
        return new FulfilmentResult(outcome, payment.Id, payment.EnrollmentId, payment.PaymentIntentId, newly);
    }

    /// <summary>A delayed payment method failed, or the session expired unpaid: no access was ever given.</summary>
    public async Task MarkFailedAsync(CheckoutSessionInfo s, AuditActor actor, CancellationToken ct = default)
    {
        await using var tx = await JoinOrBeginAsync(ct);
        var payment = (await db.Payments.FromSqlInterpolated($"""SELECT * FROM "Payments" WHERE "CheckoutSessionId" = {s.Id} FOR UPDATE""").ToListAsync(ct)).SingleOrDefault();
        if (payment is { Status: PaymentStatus.Pending })
        {
            payment.Status = PaymentStatus.Failed;
            payment.PaymentIntentId ??= s.PaymentIntentId;
            payment.UpdatedAt = time.GetUtcNow();
            AuditLog.Write(db, time, actor, AuditActions.Payment.Failed, payment.UserId, $"payment:{payment.Id}", $"session {s.Id}");
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>charge.refunded: Stripe's running total of refunds on the charge. False if the payment is not known yet.</summary>
    public async Task<bool> ApplyChargeRefundedAsync(string? paymentIntentId, long amountRefunded, AuditActor actor, CancellationToken ct = default)
    {
        await using var tx = await JoinOrBeginAsync(ct);
        var payment = await LockByIntentAsync(paymentIntentId, ct);
        if (payment is null) return false;
        await ApplyRefundedTotalAsync(payment, amountRefunded, revokeEvenIfPartial: false, actor, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>refund.created / updated / failed, including refunds made in the Stripe dashboard. False if the payment is not known yet.</summary>
    public async Task<bool> ApplyRefundEventAsync(RefundEventInfo r, AuditActor actor, CancellationToken ct = default)
    {
        await using var tx = await JoinOrBeginAsync(ct);
        var refund = await db.Refunds.SingleOrDefaultAsync(x => x.StripeRefundId == r.StripeRefundId, ct)
            ?? (r.OurRefundId is { } ours ? await db.Refunds.SingleOrDefaultAsync(x => x.Id == ours, ct) : null);
        var payment = refund is not null
            ? await LockByIdAsync(refund.PaymentId, ct)
            : await LockByIntentAsync(r.PaymentIntentId, ct);
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
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>What Stripe answered to our refund call (or later said about it).</summary>
    public async Task ApplyRefundResultAsync(Guid refundId, RefundInfo info, AuditActor actor, CancellationToken ct = default)
    {
        await using var tx = await JoinOrBeginAsync(ct);
        var refund = await db.Refunds.SingleAsync(r => r.Id == refundId, ct);
        var payment = (await LockByIdAsync(refund.PaymentId, ct))!;
        await ApplyRefundStateAsync(payment, refund, info.Id, info.Status, info.FailureReason, actor, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>charge.dispute.created / updated / closed. False if the payment is not known yet.</summary>
    public async Task<bool> ApplyDisputeAsync(DisputeEventInfo d, bool closed, AuditActor actor, CancellationToken ct = default)
    {
        await using var tx = await JoinOrBeginAsync(ct);
        var existing = await db.Disputes.SingleOrDefaultAsync(x => x.StripeDisputeId == d.StripeDisputeId, ct);
        var payment = existing is not null ? await LockByIdAsync(existing.PaymentId, ct) : await LockByIntentAsync(d.PaymentIntentId, ct);
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

        if (!closed && !wasClosed)
        {
            if (payment.Status != PaymentStatus.Disputed)
            {
                payment.Status = PaymentStatus.Disputed;
                await SetAccessAsync(payment, EnrollmentStatus.Disputed, actor, AuditActions.Dispute.Opened, $"dispute {d.StripeDisputeId}, {d.Reason}, due {d.EvidenceDueBy:yyyy-MM-dd}", ct);
            }
        }
        else if (closed && !wasClosed)
        {
            dispute.ClosedAt = now;
            // Won (or an inquiry closed without a chargeback): access comes back unless the money was refunded anyway.
            var won = d.Result == DisputeResult.Won;
            payment.Status = RefundState(payment) ?? (won ? PaymentStatus.Paid : PaymentStatus.Disputed);
            if (won && payment.Status != PaymentStatus.Refunded)
            {
                await SetAccessAsync(payment, EnrollmentStatus.Active, actor, AuditActions.Dispute.Won, $"dispute {d.StripeDisputeId} closed as {d.Status}", ct);
            }
            else
            {
                await SetAccessAsync(payment, EnrollmentStatus.Revoked, actor, AuditActions.Dispute.Lost, $"dispute {d.StripeDisputeId} closed as {d.Status}", ct);
            }
        }
        payment.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

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
                await SetAccessAsync(payment, full ? EnrollmentStatus.Refunded : EnrollmentStatus.Revoked, actor, AuditActions.Enrollment.Revoked, $"refund {refund.Id} of {money}", ct);
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
            await SetAccessAsync(payment, full ? EnrollmentStatus.Refunded : EnrollmentStatus.Revoked, actor, AuditActions.Enrollment.Revoked,
                $"{MoneyText.Format(payment.RefundedMinor, payment.Currency)} of {MoneyText.Format(payment.AmountMinor, payment.Currency)} refunded", ct);
        }
    }

    private static PaymentStatus? RefundState(Payment p) =>
        p.AmountMinor > 0 && p.RefundedMinor >= p.AmountMinor ? PaymentStatus.Refunded
        : p.RefundedMinor > 0 ? PaymentStatus.PartiallyRefunded
        : null;

    private async Task SetAccessAsync(Payment payment, EnrollmentStatus status, AuditActor actor, string action, string details, CancellationToken ct)
    {
        if (payment.EnrollmentId is not { } enrollmentId) return;
        var current = await db.Enrollments.Where(e => e.Id == enrollmentId).Select(e => e.Status).SingleAsync(ct);
        if (current == status) return;
        await db.SaveChangesAsync(ct);
        await enrollments.SetStatusAsync(enrollmentId, status, ct);
        AuditLog.Write(db, time, actor, action, payment.UserId, $"enrollment:{enrollmentId}", $"{current} -> {status}; {details}");
    }

    private async Task<(Guid Id, bool Activated)> ActivateEnrollmentAsync(string userId, int courseId, DateTimeOffset now, CancellationToken ct)
    {
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "Enrollments" ("Id", "UserId", "CourseId", "Status", "Source", "StartedAt", "CreatedAt", "StatusChangedAt", "PausedDays", "NextReleaseCheckAt")
            VALUES ({Guid.CreateVersion7(now)}, {userId}, {courseId}, 'Active', 'Purchase', {now}, {now}, {now}, 0, {now})
            ON CONFLICT ("UserId", "CourseId") DO NOTHING
            """, ct);
        var enrollment = (await db.Enrollments.FromSqlInterpolated($"""
            SELECT * FROM "Enrollments" WHERE "UserId" = {userId} AND "CourseId" = {courseId} FOR UPDATE
            """).ToListAsync(ct)).Single();
        if (inserted == 1) return (enrollment.Id, true);
        if (enrollment.IsActive) return (enrollment.Id, false);
        // Bought again after a refund or revocation: access returns, the drip keeps its original start.
        enrollment.Source = EnrollmentSource.Purchase;
        await db.SaveChangesAsync(ct);
        await enrollments.SetStatusAsync(enrollment.Id, EnrollmentStatus.Active, ct);
        return (enrollment.Id, true);
    }

    private async Task<Payment?> LockByIntentAsync(string? paymentIntentId, CancellationToken ct) =>
        paymentIntentId is null
            ? null
            : (await db.Payments.FromSqlInterpolated($"""SELECT * FROM "Payments" WHERE "PaymentIntentId" = {paymentIntentId} FOR UPDATE""").ToListAsync(ct)).SingleOrDefault();

    private async Task<Payment?> LockByIdAsync(Guid id, CancellationToken ct) =>
        (await db.Payments.FromSqlInterpolated($"""SELECT * FROM "Payments" WHERE "Id" = {id} FOR UPDATE""").ToListAsync(ct)).SingleOrDefault();

    /// <summary>Joins the caller's transaction (the webhook's) or starts one of its own.</summary>
    private async Task<OwnedTransaction> JoinOrBeginAsync(CancellationToken ct) =>
        new(db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null);

    private sealed class OwnedTransaction(IDbContextTransaction? owned) : IAsyncDisposable
    {
        public Task CommitAsync(CancellationToken ct) => owned?.CommitAsync(ct) ?? Task.CompletedTask;

        public ValueTask DisposeAsync() => owned?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
