using System.Globalization;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>
/// What payments do to a gift: paid (scheduled for its morning), expired unpaid (abandoned), refunded
/// before it was redeemed (ended). Called inside the payment's own transaction, with the payment row
/// locked, by <see cref="Fulfilment"/> and <see cref="PaymentAccess"/>; each change is audited.
/// </summary>
public static class GiftLedger
{
    public static async Task MarkPaidAsync(AppDbContext db, TimeProvider time, Gift gift, AuditActor actor, CancellationToken ct)
    {
        if (gift.Status is not (GiftStatus.AwaitingPayment or GiftStatus.Abandoned)) return;
        var now = time.GetUtcNow();
        var course = await db.Courses.AsNoTracking().Where(c => c.Id == gift.CourseId).Select(c => new { c.DefaultTimeZone, c.MorningUnlockHour }).SingleAsync(ct);
        var at = GiftRules.DeliveryAt(gift.DeliverOn, course.DefaultTimeZone, course.MorningUnlockHour);
        gift.Status = GiftStatus.Scheduled;
        gift.SendAt = at < now ? now : at;
        gift.UpdatedAt = now;
        AuditLog.Write(db, time, actor, AuditActions.Gift.Scheduled, gift.BuyerId, Target(gift), $"delivery on {Day(gift.DeliverOn)}");
    }

    public static void MarkAbandoned(AppDbContext db, TimeProvider time, Gift gift, AuditActor actor)
    {
        if (gift.Status != GiftStatus.AwaitingPayment) return;
        gift.Status = GiftStatus.Abandoned;
        gift.UpdatedAt = time.GetUtcNow();
        AuditLog.Write(db, time, actor, AuditActions.Gift.Abandoned, gift.BuyerId, Target(gift));
    }

    /// <summary>A refund of a gift nobody redeemed: the gift ends, nothing more goes out, its link stops working.</summary>
    public static async Task EndUnredeemedAsync(AppDbContext db, TimeProvider time, Payment payment, AuditActor actor, string details, CancellationToken ct)
    {
        var gift = await GiftSql.LockByPaymentAsync(db, payment.Id, ct);
        if (gift is null || !GiftRules.IsUnredeemed(gift.Status)) return;
        gift.Status = GiftStatus.Refunded;
        gift.SendAt = null;
        gift.TokenHash = null;
        gift.UpdatedAt = time.GetUtcNow();
        AuditLog.Write(db, time, actor, AuditActions.Gift.Ended, gift.BuyerId, Target(gift), details);
    }

    public static string Target(Gift gift) => $"gift:{gift.Id}";

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
