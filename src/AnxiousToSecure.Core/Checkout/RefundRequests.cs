using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Stripe;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Core.Checkout;

public enum RefundRequestOutcome
{
    /// <summary>Stored, audited, and the admins are being told.</summary>
    Sent,

    /// <summary>She had already asked for this purchase: nothing new was stored or sent.</summary>
    AlreadyOpen,

    /// <summary>Not hers, not refundable, or past the refund window.</summary>
    NotOpen,
}

/// <summary>A request an admin has not acted on yet, for the dashboard.</summary>
public sealed record OpenRefundRequest(Guid PaymentId, string? UserId, string? Email, long AmountMinor, string Currency, DateTimeOffset AskedAt);

/// <summary>
/// "Request a refund" on her purchases page: a row, an audit entry and an email to every admin. The
/// refund itself stays the admin's decision (the refund form, <see cref="RefundProcessor"/>).
/// </summary>
public sealed class RefundRequests(AppDbContext db, TimeProvider time, IOptions<StripeOptions> stripe, UserManager<ApplicationUser> users, AccountEmails emails)
{
    /// <summary>Whether the purchases page offers the button for this payment now.</summary>
    public bool MayRequest(Payment payment, Gift? gift = null) => PaymentRules.MayRequestRefund(payment, gift, time.GetUtcNow(), stripe.Value.RefundWindowDays);

    /// <summary>When she asked, by payment, for her purchases.</summary>
    public Task<Dictionary<Guid, DateTimeOffset>> OfStudentAsync(string userId, CancellationToken ct = default) =>
        db.RefundRequests.AsNoTracking().Where(r => r.Payment!.UserId == userId).ToDictionaryAsync(r => r.PaymentId, r => r.CreatedAt, ct);

    public async Task<RefundRequestOutcome> AskAsync(string userId, Guid paymentId, AuditActor actor, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var outcome = await db.InTransactionAsync(async c =>
        {
            // Locked, so two taps at once are decided one after the other (the unique index is the backstop).
            var payment = await CheckoutSql.LockPaymentByIdAsync(db, paymentId, c);
            if (payment is null || payment.UserId != userId) return RefundRequestOutcome.NotOpen;
            if (await db.RefundRequests.AnyAsync(r => r.PaymentId == paymentId, c)) return RefundRequestOutcome.AlreadyOpen;
            var gift = await db.Gifts.AsNoTracking().SingleOrDefaultAsync(g => g.PaymentId == paymentId, c);
            if (!MayRequest(payment, gift)) return RefundRequestOutcome.NotOpen;
            db.RefundRequests.Add(new RefundRequest { Id = Guid.CreateVersion7(now), PaymentId = paymentId, CreatedAt = now });
            AuditLog.Write(db, time, actor, AuditActions.Refund.AskedByStudent, userId, $"payment:{paymentId}");
            await db.SaveChangesAsync(c);
            return RefundRequestOutcome.Sent;
        }, ct);
        if (outcome == RefundRequestOutcome.Sent)
        {
            // After the commit: an admin is never told of a request that was rolled back.
            foreach (var admin in await users.GetUsersInRoleAsync(Roles.Admin)) emails.RefundRequested(admin.Id, now);
        }
        return outcome;
    }

    /// <summary>Requests no refund has followed yet, oldest first: what is waiting for an admin.</summary>
    public Task<List<OpenRefundRequest>> OpenAsync(CancellationToken ct = default) =>
        db.RefundRequests.AsNoTracking()
            .Where(r => !db.Refunds.Any(f => f.PaymentId == r.PaymentId && f.CreatedAt >= r.CreatedAt))
            .OrderBy(r => r.CreatedAt)
            .Select(r => new OpenRefundRequest(r.PaymentId, r.Payment!.UserId, r.Payment.User!.Email, r.Payment.AmountMinor, r.Payment.Currency, r.CreatedAt))
            .ToListAsync(ct);
}
