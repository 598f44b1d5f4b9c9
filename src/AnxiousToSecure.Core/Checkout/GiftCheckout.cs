using System.ComponentModel.DataAnnotations;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Stripe;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Core.Checkout;

/// <param name="RedirectUrl">Stripe's page (or the local test checkout); null when <paramref name="Problem"/> says what to fix.</param>
public sealed record GiftStart(string? RedirectUrl, string? Problem);

public enum GiftChange
{
    Done,

    /// <summary>Not hers, or past the point where it can change (sent, redeemed, refunded).</summary>
    NotOpen,

    /// <summary>The day cannot be chosen.</summary>
    BadDate,
}

/// <summary>
/// The buyer's side of a gift: "Give this course" opens a one-time Stripe Checkout (the same gateway,
/// fulfilment and webhook as buying for herself), then, until the gift is redeemed, she can move its
/// day (before it is sent) or send the email again (after).
/// </summary>
public sealed class GiftCheckout(
    AppDbContext db,
    IPaymentGateway gateway,
    IOptions<StripeOptions> options,
    TimeProvider time,
    ILogger<GiftCheckout> log)
{
    private static readonly EmailAddressAttribute AddressCheck = new();

    /// <summary>Today in the course's zone, the earliest day the form offers.</summary>
    public async Task<DateOnly> TodayAsync(CancellationToken ct = default)
    {
        var zone = await db.Courses.AsNoTracking().TheCourse().Select(c => c.DefaultTimeZone).FirstAsync(ct);
        return GiftRules.Today(time.GetUtcNow(), zone);
    }

    public async Task<GiftStart> StartAsync(string buyerId, string recipientEmail, string? message, DateOnly deliverOn, Uri siteBase, AuditActor actor, CancellationToken ct = default)
    {
        var course = await db.Courses.AsNoTracking().TheCourse().FirstAsync(ct);
        var now = time.GetUtcNow();
        var email = recipientEmail.Trim();
        if (email.Length is 0 or > 256 || !AddressCheck.IsValid(email) || !email.Contains('.', StringComparison.Ordinal))
        {
            return new GiftStart(null, "Enter the email address of the person you are giving the course to.");
        }
        var buyerEmail = await db.Users.Where(u => u.Id == buyerId).Select(u => u.Email).SingleAsync(ct);
        if (buyerEmail is not null && GiftRules.Normalize(buyerEmail) == GiftRules.Normalize(email))
        {
            return new GiftStart(null, "That is your own address. To take the course yourself, use “Enroll” on the course page.");
        }
        if (GiftRules.DateProblem(deliverOn, now, course.DefaultTimeZone) is { } problem) return new GiftStart(null, problem);

        var payment = new Payment
        {
            Id = Guid.CreateVersion7(now),
            UserId = buyerId,
            CourseId = course.Id,
            AmountMinor = course.PriceMinor,
            Currency = course.Currency,
            Status = PaymentStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var gift = new Gift
        {
            Id = Guid.CreateVersion7(now),
            PaymentId = payment.Id,
            BuyerId = buyerId,
            CourseId = course.Id,
            RecipientEmail = email,
            NormalizedRecipientEmail = GiftRules.Normalize(email),
            Message = GiftRules.CleanMessage(message),
            DeliverOn = deliverOn,
            Status = GiftStatus.AwaitingPayment,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Payments.Add(payment);
        db.Gifts.Add(gift);
        AuditLog.Write(db, time, actor, AuditActions.Gift.Created, buyerId, GiftLedger.Target(gift), $"delivery on {GiftLedger.Day(deliverOn)}");
        await db.SaveChangesAsync(ct);

        CheckoutSessionInfo session;
        try
        {
            session = await gateway.CreateCheckoutAsync(new CheckoutRequest(
                payment.Id, buyerId, buyerEmail, course.Id, $"{course.Title} (gift)", course.PriceMinor, course.Currency,
                new Uri(siteBase, "checkout/success"), new Uri(siteBase, "gift?checkout=cancelled"), options.Value.AllowPromotionCodes, GiftId: gift.Id,
                AutomaticTax: options.Value.AutomaticTax, InvoiceCreation: options.Value.InvoiceCreation), ct);
        }
        catch (PaymentGatewayException e) when (!ct.IsCancellationRequested)
        {
            log.LogError(e, "Gift checkout could not be started for payment {PaymentId}", payment.Id);
            payment.Status = PaymentStatus.Failed;
            payment.UpdatedAt = time.GetUtcNow();
            GiftLedger.MarkAbandoned(db, time, gift, actor);
            await db.SaveChangesAsync(CancellationToken.None);
            throw new CheckoutUnavailableException(e);
        }
        payment.CheckoutSessionId = session.Id;
        payment.CheckoutUrl = session.Url;
        payment.CheckoutExpiresAt = session.ExpiresAt ?? now.AddHours(23);
        await db.SaveChangesAsync(ct);
        return new GiftStart(session.Url, null);
    }

    /// <summary>Her gifts by the payment that bought each, for her purchases page.</summary>
    public Task<Dictionary<Guid, Gift>> OfBuyerAsync(string buyerId, CancellationToken ct = default) =>
        db.Gifts.AsNoTracking().Where(g => g.BuyerId == buyerId).ToDictionaryAsync(g => g.PaymentId, ct);

    /// <summary>When the email goes out (or went out), for the purchases page.</summary>
    public async Task<DateTimeOffset> DeliveryAtAsync(Gift gift, CancellationToken ct = default)
    {
        var course = await db.Courses.AsNoTracking().Where(c => c.Id == gift.CourseId).Select(c => new { c.DefaultTimeZone, c.MorningUnlockHour }).SingleAsync(ct);
        return GiftRules.DeliveryAt(gift.DeliverOn, course.DefaultTimeZone, course.MorningUnlockHour);
    }

    public Task<GiftChange> ChangeDateAsync(string buyerId, Guid giftId, DateOnly day, AuditActor actor, CancellationToken ct = default) =>
        db.InTransactionAsync(async ct =>
        {
            var gift = await GiftSql.LockAsync(db, giftId, ct);
            if (gift is null || gift.BuyerId != buyerId || !GiftRules.MayChangeDate(gift.Status)) return GiftChange.NotOpen;
            var course = await db.Courses.AsNoTracking().Where(c => c.Id == gift.CourseId).Select(c => new { c.DefaultTimeZone, c.MorningUnlockHour }).SingleAsync(ct);
            var now = time.GetUtcNow();
            if (GiftRules.DateProblem(day, now, course.DefaultTimeZone) is not null) return GiftChange.BadDate;
            var before = gift.DeliverOn;
            var at = GiftRules.DeliveryAt(day, course.DefaultTimeZone, course.MorningUnlockHour);
            gift.DeliverOn = day;
            gift.SendAt = at < now ? now : at;
            gift.SendAttempts = 0;
            gift.UpdatedAt = now;
            AuditLog.Write(db, time, actor, AuditActions.Gift.DateChanged, buyerId, GiftLedger.Target(gift), $"{GiftLedger.Day(before)} -> {GiftLedger.Day(day)}");
            await db.SaveChangesAsync(ct);
            return GiftChange.Done;
        }, ct);

    /// <summary>Sends the email again with a new link (the sweep sends it within a minute); the earlier link stops working now.</summary>
    public Task<GiftChange> ResendAsync(string buyerId, Guid giftId, AuditActor actor, CancellationToken ct = default) =>
        db.InTransactionAsync(async ct =>
        {
            var gift = await GiftSql.LockAsync(db, giftId, ct);
            if (gift is null || gift.BuyerId != buyerId || !GiftRules.MayResend(gift.Status)) return GiftChange.NotOpen;
            var now = time.GetUtcNow();
            gift.TokenHash = null;
            gift.SendAt = now;
            gift.SendAttempts = 0;
            gift.UpdatedAt = now;
            AuditLog.Write(db, time, actor, AuditActions.Gift.ResendRequested, buyerId, GiftLedger.Target(gift));
            await db.SaveChangesAsync(ct);
            return GiftChange.Done;
        }, ct);
}
