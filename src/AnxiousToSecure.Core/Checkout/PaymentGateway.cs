namespace AnxiousToSecure.Core.Checkout;

public sealed record CheckoutRequest(
    Guid PaymentId,
    string UserId,
    string? Email,
    int CourseId,
    string CourseTitle,
    long AmountMinor,
    string Currency,
    Uri SuccessUrl,
    Uri CancelUrl,
    bool AllowPromotionCodes,
    Guid? GiftId = null,
    string? PromotionCodeId = null,
    bool AutomaticTax = false,
    bool InvoiceCreation = false);

/// <summary>A promotion code to make at the provider: a coupon (percent or amount off, once) and its customer-facing code.</summary>
public sealed record PromotionCodeSpec(Guid Id, string Code, int? PercentOff, long? AmountOffMinor, string Currency, DateTimeOffset? ExpiresAt, int? MaxRedemptions);

/// <summary>The provider's ids of a promotion code and its coupon.</summary>
public sealed record PromotionCodeMade(string PromotionCodeId, string CouponId);

/// <summary>Where the buyer's receipt or invoice for a checkout lives at the provider.</summary>
public sealed record ReceiptInfo(string Url, bool IsInvoice);

/// <summary>Where a Checkout Session is: still open for payment, finished, or expired unused.</summary>
public enum CheckoutSessionState
{
    Open,
    Complete,
    Expired,
}

/// <summary>Whether the money of a Checkout Session has arrived.</summary>
public enum CheckoutPaymentState
{
    Unpaid,
    Paid,

    /// <summary>Nothing to pay (a 100% promotion code): counts as paid.</summary>
    NoPaymentRequired,
}

/// <summary>The fields of a Checkout Session we act on, read the same way from the API and from webhooks.</summary>
public sealed record CheckoutSessionInfo(
    string Id,
    string? Url,
    CheckoutSessionState State,
    CheckoutPaymentState PaymentState,
    string? PaymentIntentId,
    long? AmountTotal,
    string? Currency,
    string? UserId,
    int? CourseId,
    DateTimeOffset? ExpiresAt)
{
    public bool IsPaid => PaymentState is CheckoutPaymentState.Paid or CheckoutPaymentState.NoPaymentRequired;
}

/// <summary>What the gateway answered to a refund call, in our refund states.</summary>
public sealed record RefundInfo(string Id, RefundStatus Status, long Amount, string? FailureReason);

/// <summary>
/// The edge of the world for money: Stripe, or the Development-only local test checkout. Every
/// failure of the provider arrives as a <see cref="PaymentGatewayException"/>.
/// </summary>
public interface IPaymentGateway
{
    Task<CheckoutSessionInfo> CreateCheckoutAsync(CheckoutRequest request, CancellationToken ct = default);

    Task<CheckoutSessionInfo> GetCheckoutAsync(string sessionId, CancellationToken ct = default);

    /// <summary>Refunds through Stripe with <paramref name="idempotencyKey"/>: the same key never refunds twice.</summary>
    Task<RefundInfo> RefundAsync(string idempotencyKey, Guid refundId, string paymentIntentId, long amountMinor, CancellationToken ct = default);

    /// <summary>Makes the coupon and its promotion code (idempotent by <see cref="PromotionCodeSpec.Id"/>).</summary>
    Task<PromotionCodeMade> CreatePromotionCodeAsync(PromotionCodeSpec spec, CancellationToken ct = default);

    /// <summary>The promotion code is no longer accepted at checkout.</summary>
    Task EndPromotionCodeAsync(string promotionCodeId, CancellationToken ct = default);

    /// <summary>How often the provider counted each promotion code as redeemed (its own count; codes it does not list are left out).</summary>
    Task<IReadOnlyDictionary<string, long>> PromotionCodeRedemptionsAsync(CancellationToken ct = default);

    /// <summary>The hosted invoice (when one was made) or the charge's receipt of a paid checkout; null while there is none.</summary>
    Task<ReceiptInfo?> GetReceiptAsync(string sessionId, CancellationToken ct = default);
}
