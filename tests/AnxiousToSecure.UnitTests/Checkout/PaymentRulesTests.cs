using AnxiousToSecure.Core.Checkout;

namespace AnxiousToSecure.UnitTests.Checkout;

[Trait("Category", "Checkout")]
public sealed class PaymentRulesTests
{
    private static Payment Payment(PaymentStatus status, string? intent, long amount = 14900, long refunded = 0) =>
        new() { Currency = "usd", Status = status, PaymentIntentId = intent, AmountMinor = amount, RefundedMinor = refunded };

    private static readonly Func<Payment, bool> IsPurchase = PaymentRules.IsPurchase.Compile();

    [Theory]
    [InlineData(PaymentStatus.Paid, "pi_1", true)]
    [InlineData(PaymentStatus.PartiallyRefunded, "pi_1", true)]
    [InlineData(PaymentStatus.Refunded, "pi_1", true)]
    [InlineData(PaymentStatus.Disputed, "pi_1", true)]
    [InlineData(PaymentStatus.Pending, "pi_1", true)] // a delayed payment method still processing
    [InlineData(PaymentStatus.Failed, "pi_1", true)] // a delayed payment that failed: she sees that it failed
    [InlineData(PaymentStatus.Pending, null, false)] // checkout opened and not finished
    [InlineData(PaymentStatus.Failed, null, false)] // checkout expired unpaid, or never opened
    [InlineData(PaymentStatus.Paid, null, true)]
    public void A_purchase_is_a_payment_that_got_as_far_as_stripe(PaymentStatus status, string? intent, bool purchase) =>
        Assert.Equal(purchase, IsPurchase(Payment(status, intent)));

    [Theory]
    [InlineData(PaymentStatus.Paid, "pi_1", 0, true)]
    [InlineData(PaymentStatus.PartiallyRefunded, "pi_1", 4900, true)]
    [InlineData(PaymentStatus.PartiallyRefunded, "pi_1", 14900, false)]
    [InlineData(PaymentStatus.Paid, null, 0, false)]
    [InlineData(PaymentStatus.Pending, "pi_1", 0, false)]
    [InlineData(PaymentStatus.Failed, "pi_1", 0, false)]
    [InlineData(PaymentStatus.Refunded, "pi_1", 14900, false)]
    [InlineData(PaymentStatus.Disputed, "pi_1", 0, false)]
    public void Only_a_paid_payment_with_something_left_can_be_refunded(PaymentStatus status, string? intent, long refunded, bool refundable)
    {
        var payment = Payment(status, intent, refunded: refunded);
        Assert.Equal(refundable, PaymentRules.IsRefundable(payment));
        Assert.Equal(refundable, PaymentRules.IsRefundable(payment.Status, payment.PaymentIntentId is not null, payment.AmountMinor, payment.RefundedMinor));
    }

    [Theory]
    [InlineData(0, 14, true)]
    [InlineData(14 * 24 * 60 - 1, 14, true)] // the last minute of the fourteenth day
    [InlineData(14 * 24 * 60, 14, false)] // fourteen days to the minute: closed
    [InlineData(0, 0, false)] // no window: purchases are final
    public void She_may_ask_for_a_refund_only_inside_the_window(int minutesSincePaid, int windowDays, bool open)
    {
        var paid = new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);
        var payment = Payment(PaymentStatus.Paid, "pi_1");
        payment.PaidAt = paid;
        Assert.Equal(open, PaymentRules.IsInRefundWindow(payment, paid.AddMinutes(minutesSincePaid), windowDays));
        Assert.Equal(open, PaymentRules.MayRequestRefund(payment, paid.AddMinutes(minutesSincePaid), windowDays));
    }

    [Fact]
    public void A_refunded_or_unpaid_purchase_cannot_be_asked_for_even_inside_the_window()
    {
        var now = new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);
        var refunded = Payment(PaymentStatus.Refunded, "pi_1", refunded: 14900);
        refunded.PaidAt = now;
        var unpaid = Payment(PaymentStatus.Pending, "pi_1");
        Assert.False(PaymentRules.MayRequestRefund(refunded, now, 14));
        Assert.False(PaymentRules.MayRequestRefund(unpaid, now, 14));
    }
}
