using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Stripe;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>Checkout could not be started; nothing was charged. The page chooses the words.</summary>
public sealed class CheckoutUnavailableException(Exception inner) : Exception("Checkout could not be started; nothing was charged.", inner);

/// <param name="CodeProblem">The promotion code she came with cannot be used (why, in words); nothing was opened.</param>
public sealed record CheckoutStart(string? RedirectUrl, bool AlreadyEnrolled, PromotionCodeLookup? CodeProblem = null);

/// <summary>Buying the course: start a Stripe Checkout, and confirm it from the success page.</summary>
public sealed class CourseCheckout(
    AppDbContext db,
    IPaymentGateway gateway,
    Fulfilment fulfilment,
    StripeWebhookHandler webhooks,
    EnrollmentService enrollments,
    PromotionCodes codes,
    Receipts receipts,
    IOptions<StripeOptions> options,
    TimeProvider time,
    Observability.AppMetrics metrics,
    ILogger<CourseCheckout> log)
{
    /// <summary>
    /// A student with access is never charged again; a checkout she opened in the last hour is
    /// reused (double click, back button); otherwise a new session with the course's price from the database.
    /// A promotion code from a share link is passed to Stripe with the session (or refused here, with why).
    /// </summary>
    public async Task<CheckoutStart> StartAsync(string userId, Uri siteBase, string? promotionCode = null, CancellationToken ct = default)
    {
        var course = await db.Courses.AsNoTracking().TheCourse().FirstAsync(ct);
        if (await db.Enrollments.Hers(userId, course.Id).AnyAsync(e => e.Status == EnrollmentStatus.Active, ct))
        {
            return new CheckoutStart(null, AlreadyEnrolled: true);
        }
        var code = await codes.LookUpAsync(promotionCode, ct);
        if (code is { Usable: false }) return new CheckoutStart(null, false, code);
        var codeId = code?.Code?.Id;
        var now = time.GetUtcNow();
        var open = await db.Payments.AsNoTracking()
            .Where(p => p.UserId == userId && p.CourseId == course.Id && p.Status == PaymentStatus.Pending && p.CheckoutUrl != null
                        && p.CheckoutExpiresAt > now && p.CreatedAt > now.AddHours(-1) && p.PromotionCodeId == codeId
                        && (codeId != null || p.AmountMinor == course.PriceMinor))
            .OrderByDescending(p => p.CreatedAt).FirstOrDefaultAsync(ct);
        if (open is not null) return new CheckoutStart(open.CheckoutUrl, false);

        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleAsync(ct);
        var payment = new Payment
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            CourseId = course.Id,
            AmountMinor = course.PriceMinor,
            Currency = course.Currency,
            Status = PaymentStatus.Pending,
            PromotionCodeId = codeId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Payments.Add(payment);
        await db.SaveChangesAsync(ct);

        CheckoutSessionInfo session;
        try
        {
            session = await gateway.CreateCheckoutAsync(new CheckoutRequest(
                payment.Id, userId, email, course.Id, course.Title, course.PriceMinor, course.Currency,
                new Uri(siteBase, "checkout/success"), new Uri(siteBase, "?checkout=cancelled"), options.Value.AllowPromotionCodes,
                PromotionCodeId: code?.Code?.ProviderPromotionCodeId, AutomaticTax: options.Value.AutomaticTax, InvoiceCreation: options.Value.InvoiceCreation), ct);
        }
        catch (PaymentGatewayException e) when (!ct.IsCancellationRequested)
        {
            log.LogError(e, "Checkout could not be started for payment {PaymentId}", payment.Id);
            payment.Status = PaymentStatus.Failed;
            payment.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(CancellationToken.None);
            throw new CheckoutUnavailableException(e);
        }
        payment.CheckoutSessionId = session.Id;
        payment.CheckoutUrl = session.Url;
        payment.CheckoutExpiresAt = session.ExpiresAt ?? now.AddHours(23);
        // With a code the session's total is the discounted price (before any tax, which the buyer's address decides).
        if (codeId is not null && session.AmountTotal is { } total) payment.AmountMinor = total;
        await db.SaveChangesAsync(ct);
        metrics.CheckoutStarted();
        return new CheckoutStart(session.Url, false);
    }

    /// <summary>
    /// The success page: asks Stripe about the session and fulfils it (or finds it fulfilled by the
    /// webhook). Null if the session is not this student's.
    /// </summary>
    public async Task<FulfilmentResult?> ConfirmAsync(string sessionId, string userId, AuditActor actor, CancellationToken ct = default)
    {
        CheckoutSessionInfo session;
        try
        {
            session = await gateway.GetCheckoutAsync(sessionId, ct);
        }
        catch (PaymentGatewayException e) when (e.Failure == PaymentGatewayFailure.NotFound)
        {
            return null;
        }
        if (session.UserId != userId) return null;
        var result = await fulfilment.FulfilAsync(session, actor, ct);
        if (result.NewlyEnrolled) enrollments.SweepSoon();
        if (result.PaymentIntentId is { } pi) await webhooks.ReplayWaitingAsync(pi, ct);
        if (result.Outcome == FulfilmentOutcome.Enrolled) await receipts.RecordAsync(result.PaymentId, ct);
        return result;
    }
}
