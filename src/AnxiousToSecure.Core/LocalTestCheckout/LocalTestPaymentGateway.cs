using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.LocalTestCheckout;

/// <summary>
/// Development without Stripe keys: a checkout page of our own, clearly marked as a test, that pays
/// by sending itself a signed <c>checkout.session.completed</c> event through the real webhook code
/// (<see cref="LocalTestPurchase"/>). No money moves; refunds succeed at once. Registered only then.
/// </summary>
public sealed partial class LocalTestPaymentGateway(IDbContextFactory<AppDbContext> dbs) : IPaymentGateway
{
    public const string SessionPrefix = "cs_local_";

    public const string PromotionCodePrefix = "promo_local_";

    /// <summary>A test code takes its discount off here, as Stripe would on its page.</summary>
    public async Task<CheckoutSessionInfo> CreateCheckoutAsync(CheckoutRequest r, CancellationToken ct = default)
    {
        var id = $"{SessionPrefix}{r.PaymentId:N}";
        var amount = r.AmountMinor;
        if (r.PromotionCodeId is { } promotion)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            var code = await db.PromotionCodes.AsNoTracking().SingleOrDefaultAsync(c => c.ProviderPromotionCodeId == promotion, ct)
                ?? throw new PaymentGatewayException(PaymentGatewayFailure.Refused, $"No local test promotion code {promotion}.");
            amount = PromotionCodeRules.PriceWith(r.AmountMinor, code);
        }
        return new CheckoutSessionInfo(id, $"/checkout/test/{id}", CheckoutSessionState.Open, CheckoutPaymentState.Unpaid,
            null, amount, r.Currency, r.UserId, r.CourseId, null);
    }

    public Task<PromotionCodeMade> CreatePromotionCodeAsync(PromotionCodeSpec spec, CancellationToken ct = default) =>
        Task.FromResult(new PromotionCodeMade($"{PromotionCodePrefix}{spec.Id:N}", $"coupon_local_{spec.Id:N}"));

    public Task EndPromotionCodeAsync(string promotionCodeId, CancellationToken ct = default) => Task.CompletedTask;

    /// <summary>No provider counts test codes: the codes page shows the purchases made with them.</summary>
    public Task<IReadOnlyDictionary<string, long>> PromotionCodeRedemptionsAsync(CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyDictionary<string, long>>(new Dictionary<string, long>());

    /// <summary>A test purchase has no receipt: no money moved.</summary>
    public Task<ReceiptInfo?> GetReceiptAsync(string sessionId, CancellationToken ct = default) => Task.FromResult<ReceiptInfo?>(null);

    public async Task<CheckoutSessionInfo> GetCheckoutAsync(string sessionId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var p = await db.Payments.AsNoTracking().SingleOrDefaultAsync(x => x.CheckoutSessionId == sessionId, ct)
            ?? throw new PaymentGatewayException(PaymentGatewayFailure.NotFound, $"No local test checkout {sessionId}.");
        var paid = p.Status is not (PaymentStatus.Pending or PaymentStatus.Failed);
        return new CheckoutSessionInfo(sessionId, p.CheckoutUrl,
            paid ? CheckoutSessionState.Complete : CheckoutSessionState.Open, paid ? CheckoutPaymentState.Paid : CheckoutPaymentState.Unpaid,
            p.PaymentIntentId, p.AmountMinor, p.Currency, p.UserId, p.CourseId, null);
    }

    public Task<RefundInfo> RefundAsync(string idempotencyKey, Guid refundId, string paymentIntentId, long amountMinor, CancellationToken ct = default) =>
        Task.FromResult(new RefundInfo($"re_local_{refundId:N}", RefundStatus.Succeeded, amountMinor, null));
}
