using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Checkout;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Author;

/// <summary>The payment plan offered beside paying in full (course.yml <c>payment_plan</c>), changed by an admin in the app.</summary>
public sealed partial class CourseSettings
{
    public async Task<(PlanTerms? Plan, string Currency)?> PaymentPlanAsync(CancellationToken ct = default) =>
        await db.Courses.AsNoTracking().TheCourse().FirstOrDefaultAsync(ct) is { } c ? (PlanTerms.Of(c), c.Currency) : null;

    /// <summary>
    /// Sets the plan (null: no plan), audited; null when saved, else what to fix. Plans already bought keep the terms
    /// they were bought with: only new checkouts see the change.
    /// </summary>
    public async Task<string?> SetPaymentPlanAsync(PlanTerms? plan, AuditActor actor, CancellationToken ct = default)
    {
        if (plan is not null && PlanTerms.Problem(plan.Payments, plan.AmountMinor) is { } problem) return problem;
        var course = await db.Courses.TheCourse().FirstOrDefaultAsync(ct);
        if (course is null) return "There is no course yet: import one first.";
        var before = PlanTerms.Of(course);
        if (before == plan) return null;
        course.PlanPayments = plan?.Payments;
        course.PlanAmountMinor = plan?.AmountMinor;
        course.UpdatedAt = time.GetUtcNow();
        AuditLog.Write(db, time, actor, AuditActions.Course.PaymentPlanChanged, null, $"course:{course.Slug}",
            $"{PlanTerms.Describe(before, course.Currency)} → {PlanTerms.Describe(plan, course.Currency)}");
        await ContentWrites.RunAsync(db, content, ct => db.SaveChangesAsync(ct), ct);
        return null;
    }
}
