using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Checkout;

public sealed record PurchaseHistoryView(string CourseTitle, IReadOnlyList<Payment> Payments);

/// <summary>A student's own purchases, newest first, with their refunds.</summary>
public sealed class PurchaseHistory(AppDbContext db)
{
    public async Task<PurchaseHistoryView> ForStudentAsync(string userId, CancellationToken ct = default)
    {
        var title = await db.Courses.TheCourse().Select(c => c.Title).FirstOrDefaultAsync(ct) ?? "";
        var payments = await db.Payments.AsNoTracking().Include(p => p.Refunds)
            .Where(p => p.UserId == userId).Where(PaymentRules.IsPurchase)
            .OrderByDescending(p => p.CreatedAt).ToListAsync(ct);
        return new PurchaseHistoryView(title, payments);
    }
}
