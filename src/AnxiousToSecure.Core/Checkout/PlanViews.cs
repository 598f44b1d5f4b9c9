using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>
/// Her plans as the purchases page and the admin's student page show them. A section of those pages, so it reads
/// through its own context: the page around it is reading through the scoped one at the same time.
/// </summary>
public sealed class PlanViews(IDbContextFactory<AppDbContext> dbs)
{
    /// <summary>Her plans that got as far as a payment (or are paying now), newest first.</summary>
    public async Task<IReadOnlyList<PlanView>> PlansOfAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var plans = await db.PaymentPlans.AsNoTracking()
            .Where(p => p.UserId == userId && p.Status != PlanStatus.Pending && p.Status != PlanStatus.Canceled)
            .Include(p => p.Invoices).ThenInclude(i => i.Payment)
            .OrderByDescending(p => p.CreatedAt).ToListAsync(ct);
        return [.. plans.Select(p => new PlanView(p.Id, p.Payments, p.AmountMinor, p.Currency, p.Status, p.PaidCount, p.CreatedAt,
            p.CustomerId is not null && p.Status is PlanStatus.Active or PlanStatus.PastDue or PlanStatus.Paused,
            [.. p.Invoices.OrderByDescending(i => i.CreatedAt).Select(i => new PlanInvoiceView(
                i.InvoiceId, i.AmountMinor, i.Currency, i.Status, i.Attempts, i.CreatedAt, i.PaidAt, i.PaymentId, i.Payment?.RefundedMinor ?? 0))]))];
    }
}
