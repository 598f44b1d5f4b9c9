using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>Moves the enrollment a payment bought to a new status, audited, for refunds and disputes alike.</summary>
public sealed class PaymentAccess(AppDbContext db, EnrollmentService enrollments, TimeProvider time)
{
    /// <summary>Does nothing when the payment bought no enrollment or it already has <paramref name="status"/>.</summary>
    public async Task SetAsync(Payment payment, EnrollmentStatus status, AuditActor actor, string action, string details, CancellationToken ct)
    {
        // A gift nobody has redeemed yet: a refund ends it (its link stops working); a dispute only holds it.
        if (status is EnrollmentStatus.Refunded or EnrollmentStatus.Revoked) await GiftLedger.EndUnredeemedAsync(db, time, payment, actor, details, ct);
        if (payment.EnrollmentId is not { } enrollmentId) return;
        var current = await db.Enrollments.Where(e => e.Id == enrollmentId).Select(e => e.Status).SingleAsync(ct);
        if (current == status) return;
        if (status == EnrollmentStatus.Refunded && await PlanLedger.OtherPlanPaymentsStillPaidAsync(db, payment, ct)) return;
        await db.SaveChangesAsync(ct);
        await enrollments.SetStatusAsync(enrollmentId, status, ct);
        AuditLog.Write(db, time, actor, action, payment.UserId, $"enrollment:{enrollmentId}", $"{current} -> {status}; {details}");
    }
}
