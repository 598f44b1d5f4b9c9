using System.Linq.Expressions;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>What the student's purchases page, the admin's payment list and her record all agree on.</summary>
public static class PaymentRules
{
    /// <summary>
    /// A payment row is a purchase once it got as far as Stripe taking a payment: it has a payment
    /// intent, or Stripe settled it (paid, refunded, disputed). A checkout that was never opened or
    /// expired unpaid (pending or failed, no intent) is not one, for her or for the admin. A delayed
    /// payment that failed has an intent, so it shows, with its status.
    /// </summary>
    public static readonly Expression<Func<Payment, bool>> IsPurchase =
        p => p.PaymentIntentId != null || (p.Status != PaymentStatus.Pending && p.Status != PaymentStatus.Failed);

    /// <summary>
    /// A payment can be refunded through Stripe when it was paid (in full or partly refunded), Stripe
    /// knows its payment intent, and some of it is not refunded yet. The refund form shows exactly
    /// when the refund processor would accept it.
    /// </summary>
    public static bool IsRefundable(PaymentStatus status, bool hasPaymentIntent, long amountMinor, long refundedMinor) =>
        status is PaymentStatus.Paid or PaymentStatus.PartiallyRefunded && hasPaymentIntent && amountMinor > refundedMinor;

    public static bool IsRefundable(Payment p) => IsRefundable(p.Status, p.PaymentIntentId is not null, p.AmountMinor, p.RefundedMinor);

    /// <summary>
    /// The refund policy's window: a purchase paid less than <paramref name="windowDays"/> days ago
    /// (0 days: purchases are final). The purchases page offers "Request a refund" exactly while this
    /// holds and the payment is still refundable.
    /// </summary>
    public static bool IsInRefundWindow(Payment p, DateTimeOffset now, int windowDays) =>
        windowDays > 0 && p.PaidAt is { } paid && now < paid.AddDays(windowDays);

    /// <summary>She may ask for a refund of this purchase herself (the admin still decides).</summary>
    public static bool MayRequestRefund(Payment p, DateTimeOffset now, int windowDays) => IsRefundable(p) && IsInRefundWindow(p, now, windowDays);

    /// <summary>
    /// For a gift: the buyer may ask at any time while nobody has redeemed it; once redeemed, within the
    /// window counted from the redemption, since the course only started then.
    /// </summary>
    public static bool MayRequestRefund(Payment p, Gift? gift, DateTimeOffset now, int windowDays) => gift switch
    {
        null => MayRequestRefund(p, now, windowDays),
        { RedeemedAt: { } redeemed } => IsRefundable(p) && windowDays > 0 && now < redeemed.AddDays(windowDays),
        _ => IsRefundable(p) && GiftRules.IsUnredeemed(gift.Status),
    };

    /// <summary>The refund policy in one sentence, beside the price, as <see cref="MayRequestRefund(Payment, DateTimeOffset, int)"/> applies it.</summary>
    public static string PolicySentence(int windowDays) => windowDays > 0
        ? $"Changed your mind? Ask for a full refund within {windowDays} days of buying."
        : "Purchases are final.";

    /// <summary>The gift's refund rule in one sentence, as <see cref="MayRequestRefund(Payment, Gift?, DateTimeOffset, int)"/> applies it.</summary>
    public static string GiftPolicySentence(int windowDays) => windowDays > 0
        ? $"A gift nobody has accepted yet can be refunded at any time; once accepted, within {windowDays} days of that day."
        : "A gift nobody has accepted yet can be refunded at any time; once accepted, it is final.";
}
