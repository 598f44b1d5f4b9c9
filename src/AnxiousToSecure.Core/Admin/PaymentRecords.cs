using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Admin;

/// <summary>The admin's payment list: open disputes, recent purchases and Stripe events that are stuck.</summary>
public sealed record PaymentsOverview(int OpenDisputes, IReadOnlyList<Payment> Recent, int StuckEvents);

public sealed record DisputeLists(IReadOnlyList<Dispute> Open, IReadOnlyList<Dispute> ClosedRecently);

/// <summary>What the admin's payment and dispute pages read. Refunds themselves go through <see cref="RefundProcessor"/>.</summary>
public sealed class PaymentRecords(AppDbContext db)
{
    public const int RecentLength = 100;
    public const int ClosedDisputesLength = 50;

    public async Task<PaymentsOverview> OverviewAsync(CancellationToken ct = default)
    {
        var openDisputes = await db.Disputes.CountAsync(d => d.ClosedAt == null, ct);
        var recent = await db.Payments.AsNoTracking().Include(p => p.User).Where(PaymentRules.IsPurchase)
            .OrderByDescending(p => p.CreatedAt).Take(RecentLength).ToListAsync(ct);
        var stuck = await db.StripeEvents.CountAsync(e => e.State == StripeEventState.Waiting || e.State == StripeEventState.Failed, ct);
        return new PaymentsOverview(openDisputes, recent, stuck);
    }

    /// <summary>One payment with its buyer and refunds, or null.</summary>
    public async Task<Payment?> FindAsync(Guid paymentId, CancellationToken ct = default)
    {
        return await db.Payments.AsNoTracking().Include(p => p.User).Include(p => p.Refunds).SingleOrDefaultAsync(p => p.Id == paymentId, ct);
    }

    /// <summary>Open disputes by evidence deadline, and the most recently closed.</summary>
    public async Task<DisputeLists> DisputesAsync(CancellationToken ct = default)
    {
        var disputes = db.Disputes.AsNoTracking().Include(d => d.Payment).ThenInclude(p => p!.User);
        var open = await disputes.Where(d => d.ClosedAt == null).OrderBy(d => d.EvidenceDueBy).ToListAsync(ct);
        var closed = await disputes.Where(d => d.ClosedAt != null).OrderByDescending(d => d.ClosedAt).Take(ClosedDisputesLength).ToListAsync(ct);
        return new DisputeLists(open, closed);
    }
}
