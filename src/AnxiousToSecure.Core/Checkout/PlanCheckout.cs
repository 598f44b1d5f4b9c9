using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>One plan as her purchases page and the admin's student page show it, with its invoices (newest first).</summary>
public sealed record PlanView(
    Guid Id, int Payments, long AmountMinor, string Currency, PlanStatus Status, int PaidCount, DateTimeOffset CreatedAt, bool CanUpdateCard,
    IReadOnlyList<PlanInvoiceView> Invoices);

public sealed record PlanInvoiceView(string InvoiceId, long AmountMinor, string Currency, PlanInvoiceStatus Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? PaidAt, Guid? PaymentId, long RefundedMinor);

public enum PlanConfirmOutcome
{
    Started,
    Processing,
    Expired,
}

/// <summary>Buying the course in monthly payments: start a Stripe Checkout in subscription mode, confirm it, and the card-update page.</summary>
public sealed class PlanCheckout(
    AppDbContext db, IPlanGateway gateway, PlanLedger ledger, TimeProvider time, Observability.AppMetrics metrics, ILogger<PlanCheckout> log)
{
    public async Task<PlanTerms?> TermsAsync(CancellationToken ct = default) =>
        await db.Courses.AsNoTracking().TheCourse().FirstOrDefaultAsync(ct) is { } course ? PlanTerms.Of(course) : null;

    /// <summary>
    /// Like paying in full: a student with access is never charged again, and a plan checkout she opened in the last
    /// hour is reused. Null redirect and AlreadyEnrolled false: the course offers no plan.
    /// </summary>
    public async Task<CheckoutStart> StartAsync(string userId, Uri siteBase, CancellationToken ct = default)
    {
        var course = await db.Courses.AsNoTracking().TheCourse().FirstAsync(ct);
        if (await db.Enrollments.Hers(userId, course.Id).AnyAsync(e => e.Status == EnrollmentStatus.Active, ct))
        {
            return new CheckoutStart(null, AlreadyEnrolled: true);
        }
        if (PlanTerms.Of(course) is not { } terms) return new CheckoutStart(null, false);
        var now = time.GetUtcNow();
        var open = await db.PaymentPlans.AsNoTracking()
            .Where(p => p.UserId == userId && p.CourseId == course.Id && p.Status == PlanStatus.Pending && p.CheckoutUrl != null
                        && p.CheckoutExpiresAt > now && p.CreatedAt > now.AddHours(-1) && p.Payments == terms.Payments && p.AmountMinor == terms.AmountMinor)
            .OrderByDescending(p => p.CreatedAt).FirstOrDefaultAsync(ct);
        if (open is not null) return new CheckoutStart(open.CheckoutUrl, false);

        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleAsync(ct);
        var plan = new PaymentPlan
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            CourseId = course.Id,
            Payments = terms.Payments,
            AmountMinor = terms.AmountMinor,
            Currency = course.Currency,
            Status = PlanStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.PaymentPlans.Add(plan);
        await db.SaveChangesAsync(ct);

        CheckoutSessionInfo session;
        try
        {
            session = await gateway.CreatePlanCheckoutAsync(new PlanCheckoutRequest(
                plan.Id, userId, email, course.Id, course.Title, terms.Payments, terms.AmountMinor, course.Currency,
                new Uri(siteBase, "checkout/plan/success"), new Uri(siteBase, "?checkout=cancelled")), ct);
        }
        catch (PaymentGatewayException e) when (!ct.IsCancellationRequested)
        {
            log.LogError(e, "Plan checkout could not be started for plan {PlanId}", plan.Id);
            plan.Status = PlanStatus.Canceled;
            plan.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(CancellationToken.None);
            throw new CheckoutUnavailableException(e);
        }
        plan.CheckoutSessionId = session.Id;
        plan.CheckoutUrl = session.Url;
        plan.CheckoutExpiresAt = session.ExpiresAt ?? now.AddHours(23);
        await db.SaveChangesAsync(ct);
        metrics.CheckoutStarted();
        return new CheckoutStart(session.Url, false);
    }

    /// <summary>The plan's success page: asks Stripe about the session and starts access (or finds it started by the webhook). Null if not hers.</summary>
    public async Task<PlanConfirmOutcome?> ConfirmAsync(string sessionId, string userId, AuditActor actor, CancellationToken ct = default)
    {
        PlanCheckoutInfo session;
        try
        {
            session = await gateway.GetPlanCheckoutAsync(sessionId, ct);
        }
        catch (PaymentGatewayException e) when (e.Failure == PaymentGatewayFailure.NotFound)
        {
            return null;
        }
        if (session.UserId != userId) return null;
        if (!await ledger.ApplyCheckoutAsync(session, actor, ct)) return null;
        return session.Paid ? PlanConfirmOutcome.Started : session.Expired ? PlanConfirmOutcome.Expired : PlanConfirmOutcome.Processing;
    }

    /// <summary>Stripe's card-update page for her newest plan, made now; null when she has no plan Stripe knows a customer for.</summary>
    public async Task<Uri?> CardUpdatePageAsync(string userId, Uri returnUrl, CancellationToken ct = default)
    {
        var customer = await db.PaymentPlans.AsNoTracking()
            .Where(p => p.UserId == userId && p.CustomerId != null)
            .OrderByDescending(p => p.CreatedAt).Select(p => p.CustomerId).FirstOrDefaultAsync(ct);
        return customer is null ? null : await gateway.CardUpdatePageAsync(customer, returnUrl, ct);
    }
}
