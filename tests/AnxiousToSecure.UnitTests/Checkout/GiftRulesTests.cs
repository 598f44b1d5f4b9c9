using AnxiousToSecure.Core.Checkout;

namespace AnxiousToSecure.UnitTests.Checkout;

[Trait("Category", "Checkout")]
public sealed class GiftRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_gift_arrives_at_the_courses_morning_hour_in_the_courses_zone_across_a_DST_change()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 13, 0, 0, TimeSpan.Zero), GiftRules.DeliveryAt(new DateOnly(2026, 3, 5), "America/New_York", 8));
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero), GiftRules.DeliveryAt(new DateOnly(2026, 3, 10), "America/New_York", 8));
        // A bad zone never breaks delivery: UTC.
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 8, 0, 0, TimeSpan.Zero), GiftRules.DeliveryAt(new DateOnly(2026, 3, 5), "Not/AZone", 8));
    }

    [Fact]
    public void The_day_is_today_or_later_in_the_courses_zone_and_within_a_year()
    {
        var today = GiftRules.Today(Now, "America/New_York");
        Assert.Null(GiftRules.DateProblem(today, Now, "America/New_York"));
        Assert.NotNull(GiftRules.DateProblem(today.AddDays(-1), Now, "America/New_York"));
        Assert.Null(GiftRules.DateProblem(today.AddDays(GiftRules.MaxDaysAhead), Now, "America/New_York"));
        Assert.NotNull(GiftRules.DateProblem(today.AddDays(GiftRules.MaxDaysAhead + 1), Now, "America/New_York"));
    }

    [Fact]
    public void Tokens_are_random_and_only_their_hash_is_compared()
    {
        var a = GiftRules.NewToken();
        Assert.NotEqual(a, GiftRules.NewToken());
        Assert.Equal(64, GiftRules.Hash(a).Length);
        Assert.Equal(GiftRules.Hash(a), GiftRules.Hash(a));
        Assert.DoesNotContain(a, GiftRules.Hash(a), StringComparison.Ordinal);
    }

    [Fact]
    public void The_link_is_for_the_named_address_whatever_its_case()
    {
        var gift = new Gift { RecipientEmail = "Ana@Example.com", NormalizedRecipientEmail = GiftRules.Normalize("Ana@Example.com") };
        Assert.True(GiftRules.IsFor(gift, " ana@example.COM "));
        Assert.False(GiftRules.IsFor(gift, "someone@example.com"));
        Assert.False(GiftRules.IsFor(gift, null));
    }

    [Fact]
    public void An_unredeemed_gift_can_be_asked_back_at_any_time_and_a_redeemed_one_within_the_window_from_redemption()
    {
        var payment = new Payment { Currency = "usd", AmountMinor = 14900, Status = PaymentStatus.Paid, PaymentIntentId = "pi_1", PaidAt = Now.AddDays(-60) };
        var sent = new Gift { RecipientEmail = "a@example.com", NormalizedRecipientEmail = "A@EXAMPLE.COM", Status = GiftStatus.Sent };
        Assert.False(PaymentRules.MayRequestRefund(payment, null, Now, 14));
        Assert.True(PaymentRules.MayRequestRefund(payment, sent, Now, 14));
        var redeemed = new Gift { RecipientEmail = "a@example.com", NormalizedRecipientEmail = "A@EXAMPLE.COM", Status = GiftStatus.Redeemed, RedeemedAt = Now.AddDays(-3) };
        Assert.True(PaymentRules.MayRequestRefund(payment, redeemed, Now, 14));
        Assert.False(PaymentRules.MayRequestRefund(payment, redeemed, Now.AddDays(12), 14));
    }

    [Fact]
    public void The_day_can_move_until_it_is_sent_and_the_email_can_go_again_until_it_is_redeemed()
    {
        Assert.True(GiftRules.MayChangeDate(GiftStatus.Scheduled));
        Assert.False(GiftRules.MayChangeDate(GiftStatus.Sent));
        Assert.True(GiftRules.MayResend(GiftStatus.Sent));
        Assert.False(GiftRules.MayResend(GiftStatus.Redeemed));
        Assert.False(GiftRules.MayResend(GiftStatus.Refunded));
    }

    [Fact]
    public void A_message_is_trimmed_and_capped()
    {
        Assert.Null(GiftRules.CleanMessage("   "));
        Assert.Equal("Hi", GiftRules.CleanMessage(" Hi \r\n"));
        Assert.Equal(Gift.MaxMessageLength, GiftRules.CleanMessage(new string('a', 2000))!.Length);
    }
}
