using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Checkout;

public enum FulfilmentOutcome
{
    Enrolled,

    /// <summary>Checkout finished but the money has not arrived yet (a delayed payment method).</summary>
    Processing,
    Failed,
    Refunded,
    Disputed,

    /// <summary>A gift was paid for: no access for the buyer; the recipient's email goes out on the chosen day.</summary>
    GiftPaid,
}

/// <param name="NewlyEnrolled">Access began with this call: the caller starts a drip sweep once its transaction has committed.</param>
public sealed record FulfilmentResult(FulfilmentOutcome Outcome, Guid PaymentId, Guid? EnrollmentId, string? PaymentIntentId, bool NewlyEnrolled);

/// <summary>A payload that is verified but cannot be applied (no user, unknown course): retrying will not help.</summary>
public sealed class BillingDataException(string message) : Exception(message);

/// <summary>
/// A finished checkout becomes a payment and the access it buys. Each call is one transaction (or
/// joins the webhook's) with the payment row locked (<c>FOR UPDATE</c>), so the webhook and the
/// success page can reach the same session at the same time, in any order, any number of times.
/// </summary>
public sealed class Fulfilment(AppDbContext db, EnrollmentService enrollments, TimeProvider time, Observability.AppMetrics metrics)
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

        var paidNow = false;
        var result = await db.InTransactionAsync(async ct =>
        {
            paidNow = false;
            var now = time.GetUtcNow();
            await CheckoutSql.AddPendingPaymentUnlessKnownAsync(db, Guid.CreateVersion7(now), s.UserId, s.CourseId.Value, s.Id, s.AmountTotal ?? 0, s.Currency ?? "usd", now, ct);
            var payment = await CheckoutSql.LockPaymentBySessionAsync(db, s.Id, ct)
                ?? throw new InvalidOperationException($"The payment of checkout session {s.Id} was not recorded.");

            payment.PaymentIntentId ??= s.PaymentIntentId;
            if (payment.Status == PaymentStatus.Pending)
            {
                // A promotion code changes the total: what was paid is what the session says.
                if (s.AmountTotal is { } total) payment.AmountMinor = total;
                if (s.Currency is { } currency) payment.Currency = currency;
            }

            var newly = false;
            // A gift's payment buys the recipient's place, not the buyer's: it is held for her until she redeems it.
            var gift = await GiftSql.LockByPaymentAsync(db, payment.Id, ct);
            if (payment.Status is PaymentStatus.Pending or PaymentStatus.Failed && s.IsPaid)
            {
                payment.Status = PaymentStatus.Paid;
                payment.PaidAt = now;
                paidNow = true;
                if (gift is null) (payment.EnrollmentId, newly) = await ActivateEnrollmentAsync(payment.UserId!, payment.CourseId, now, ct);
                AuditLog.Write(db, time, actor, AuditActions.Payment.Completed, payment.UserId, $"payment:{payment.Id}",
                    $"{MoneyText.Format(payment.AmountMinor, payment.Currency)}, session {s.Id}, intent {payment.PaymentIntentId}");
                if (gift is not null) await GiftLedger.MarkPaidAsync(db, time, gift, actor, ct);
            }
            else if (payment.Status == PaymentStatus.Pending && s.State == CheckoutSessionState.Expired)
            {
                payment.Status = PaymentStatus.Failed;
                if (gift is not null) GiftLedger.MarkAbandoned(db, time, gift, actor);
            }
            payment.UpdatedAt = now;
            await db.SaveChangesAsync(ct);

            var outcome = payment.Status switch
            {
                PaymentStatus.Paid or PaymentStatus.PartiallyRefunded when gift is not null => FulfilmentOutcome.GiftPaid,
                PaymentStatus.Paid or PaymentStatus.PartiallyRefunded => FulfilmentOutcome.Enrolled,
                PaymentStatus.Pending => FulfilmentOutcome.Processing,
                PaymentStatus.Refunded => FulfilmentOutcome.Refunded,
                PaymentStatus.Disputed => FulfilmentOutcome.Disputed,
                _ => FulfilmentOutcome.Failed,
            };
            return new FulfilmentResult(outcome, payment.Id, payment.EnrollmentId, payment.PaymentIntentId, newly);
        }, ct);
        // Counted once committed: the checkout that became a payment (the webhook and the success page race; one wins).
        if (paidNow) metrics.CheckoutFulfilled();
        return result;
    }

    /// <summary>A delayed payment method failed, or the session expired unpaid: no access was ever given.</summary>
    public Task MarkFailedAsync(CheckoutSessionInfo s, AuditActor actor, CancellationToken ct = default) =>
        db.InTransactionAsync(async ct =>
        {
            var payment = await CheckoutSql.LockPaymentBySessionAsync(db, s.Id, ct);
            if (payment is { Status: PaymentStatus.Pending })
            {
                payment.Status = PaymentStatus.Failed;
                payment.PaymentIntentId ??= s.PaymentIntentId;
                payment.UpdatedAt = time.GetUtcNow();
                AuditLog.Write(db, time, actor, AuditActions.Payment.Failed, payment.UserId, $"payment:{payment.Id}", $"session {s.Id}");
                if (await GiftSql.LockByPaymentAsync(db, payment.Id, ct) is { } gift) GiftLedger.MarkAbandoned(db, time, gift, actor);
                await db.SaveChangesAsync(ct);
            }
        }, ct);

    private async Task<(Guid Id, bool Activated)> ActivateEnrollmentAsync(string userId, int courseId, DateTimeOffset now, CancellationToken ct)
    {
        var inserted = await CheckoutSql.AddPurchaseEnrollmentUnlessKnownAsync(db, Guid.CreateVersion7(now), userId, courseId, now, ct);
        var enrollment = await CheckoutSql.LockEnrollmentAsync(db, userId, courseId, ct)
            ?? throw new InvalidOperationException($"The enrollment of user {userId} in course {courseId} was not recorded.");
        if (inserted == 1) return (enrollment.Id, true);
        if (enrollment.IsActive) return (enrollment.Id, false);
        // Bought again after a refund or revocation: access returns, the drip keeps its original start.
        enrollment.Source = EnrollmentSource.Purchase;
        await db.SaveChangesAsync(ct);
        await enrollments.SetStatusAsync(enrollment.Id, EnrollmentStatus.Active, ct);
        return (enrollment.Id, true);
    }
}
