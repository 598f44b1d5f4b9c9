using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>The raw SQL of payment plans: row locks that keep concurrent and redelivered events about one plan in one order.</summary>
public static class PlanSql
{
    public static async Task<PaymentPlan?> LockPlanAsync(AppDbContext db, PlanRef plan, CancellationToken ct)
    {
        if (plan.PlanId is { } id)
        {
            var byId = (await db.PaymentPlans.FromSqlInterpolated($"""SELECT * FROM "PaymentPlans" WHERE "Id" = {id} FOR UPDATE""").ToListAsync(ct)).SingleOrDefault();
            if (byId is not null) return byId;
        }
        return plan.SubscriptionId is { } sub
            ? (await db.PaymentPlans.FromSqlInterpolated($"""SELECT * FROM "PaymentPlans" WHERE "SubscriptionId" = {sub} FOR UPDATE""").ToListAsync(ct)).SingleOrDefault()
            : null;
    }

    public static async Task<PaymentPlan?> LockPlanBySessionAsync(AppDbContext db, string sessionId, CancellationToken ct) =>
        (await db.PaymentPlans.FromSqlInterpolated($"""SELECT * FROM "PaymentPlans" WHERE "CheckoutSessionId" = {sessionId} FOR UPDATE""").ToListAsync(ct)).SingleOrDefault();

    /// <summary>Claims the failure notice of an invoice: 1 if this call may send it (it was not sent, and the invoice is still unpaid).</summary>
    public static Task<int> ClaimFailureNoticeAsync(AppDbContext db, Guid invoiceId, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE "PlanInvoices" SET "FailureNoticeSentAt" = {now}
            WHERE "Id" = {invoiceId} AND "FailureNoticeSentAt" IS NULL AND "Status" = {nameof(PlanInvoiceStatus.Failed)}
            """, ct);

    public static Task<int> ReleaseFailureNoticeAsync(AppDbContext db, Guid invoiceId, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""UPDATE "PlanInvoices" SET "FailureNoticeSentAt" = NULL WHERE "Id" = {invoiceId}""", ct);
}
