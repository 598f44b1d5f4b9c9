using System.Globalization;
using System.Text.Json;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;
using AnxiousToSecure.Core.Stripe;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>Checkout could not be started; nothing was charged.</summary>
public sealed class CheckoutUnavailableException(string message, Exception inner) : Exception(message, inner);

public sealed record CheckoutStart(string? RedirectUrl, bool AlreadyEnrolled);

/// <summary>Buying the course: start a Stripe Checkout, and confirm it from the success page.</summary>
public sealed class CourseCheckout(
    AppDbContext db,
    IPaymentGateway gateway,
    Fulfilment fulfilment,
    StripeWebhookHandler webhooks,
    EnrollmentService enrollments,
    IOptions<StripeOptions> options,
    TimeProvider time,
    ILogger<CourseCheckout> log)
{
    /// <summary>
    /// A student with access is never charged again; a checkout she opened in the last hour is
    /// reused (double click, back button); otherwise a new session with the course's price from the database.
    /// </summary>
    public async Task<CheckoutStart> StartAsync(string userId, Uri siteBase, CancellationToken ct = default)
    {
        var course = await db.Courses.AsNoTracking().OrderBy(c => c.Id).FirstAsync(ct);
        if (await db.Enrollments.AnyAsync(e => e.UserId == userId && e.CourseId == course.Id && e.Status == EnrollmentStatus.Active, ct))
        {
            return new CheckoutStart(null, AlreadyEnrolled: true);
        }
        var now = time.GetUtcNow();
        var open = await db.Payments.AsNoTracking()
            .Where(p => p.UserId == userId && p.CourseId == course.Id && p.Status == PaymentStatus.Pending && p.CheckoutUrl != null
                        && p.CheckoutExpiresAt > now && p.CreatedAt > now.AddHours(-1) && p.AmountMinor == course.PriceMinor)
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
                new Uri(siteBase, "checkout/success"), new Uri(siteBase, "?checkout=cancelled"), options.Value.AllowPromotionCodes), ct);
        }
        catch (Exception e) when (e is StripeException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            log.LogError(e, "Checkout could not be started for payment {PaymentId}", payment.Id);
            payment.Status = PaymentStatus.Failed;
            payment.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(CancellationToken.None);
            throw new CheckoutUnavailableException("Checkout could not be opened just now. Nothing was charged; please try again in a minute.", e);
        }
        payment.CheckoutSessionId = session.Id;
        payment.CheckoutUrl = session.Url;
        payment.CheckoutExpiresAt = session.ExpiresAt ?? now.AddHours(23);
        await db.SaveChangesAsync(ct);
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
        catch (Exception e) when (e is StripeException { HttpStatusCode: System.Net.HttpStatusCode.NotFound } or KeyNotFoundException)
        {
            return null;
        }
        if (session.UserId != userId) return null;
        var result = await fulfilment.FulfilAsync(session, actor, ct);
        if (result.NewlyEnrolled) enrollments.SweepSoon();
        if (result.PaymentIntentId is { } pi) await webhooks.ReplayWaitingAsync(pi, ct);
        return result;
    }

    /// <summary>
    /// Development without Stripe keys: "pays" a local test checkout by sending the app a signed
    /// checkout.session.completed event, so the purchase goes through the same webhook and fulfilment code.
    /// </summary>
    public async Task<bool> CompleteLocalTestAsync(string sessionId, string userId, CancellationToken ct = default)
    {
        if (!gateway.IsLocalTest) throw new InvalidOperationException("The local test checkout exists only without Stripe keys, in Development.");
        var payment = await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.CheckoutSessionId == sessionId && p.UserId == userId, ct);
        if (payment is null) return false;

        var created = time.GetUtcNow().ToUnixTimeSeconds();
        var json = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = $"evt_local_{Guid.NewGuid():N}",
            ["object"] = "event",
            ["api_version"] = StripeConfiguration.ApiVersion,
            ["created"] = created,
            ["livemode"] = false,
            ["type"] = "checkout.session.completed",
            ["data"] = new Dictionary<string, object?>
            {
                ["object"] = new Dictionary<string, object?>
                {
                    ["id"] = sessionId,
                    ["object"] = "checkout.session",
                    ["mode"] = "payment",
                    ["status"] = "complete",
                    ["payment_status"] = "paid",
                    ["payment_intent"] = $"pi_local_{payment.Id:N}",
                    ["amount_total"] = payment.AmountMinor,
                    ["currency"] = payment.Currency,
                    ["client_reference_id"] = userId,
                    ["metadata"] = new Dictionary<string, string>
                    {
                        ["user_id"] = userId,
                        ["course_id"] = payment.CourseId.ToString(CultureInfo.InvariantCulture),
                        ["payment_id"] = payment.Id.ToString(),
                    },
                },
            },
        });
        var signature = EventUtility.GenerateSignatureHeader(json, options.Value.SigningSecret, created);
        var outcome = await webhooks.ReceiveAsync(json, signature, ct);
        return outcome is WebhookOutcome.Processed or WebhookOutcome.Duplicate;
    }
}
