using AnxiousToSecure.Core.Checkout;

namespace AnxiousToSecure.UnitTests.Checkout;

[Trait("Category", "Checkout")]
public sealed class PromotionCodeRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static PromotionCode Code(int? percent = 20, long? amount = null, DateTimeOffset? expires = null, int? max = null, DateTimeOffset? ended = null) => new()
    {
        Code = "SPRING-20",
        ProviderPromotionCodeId = "promo_1",
        ProviderCouponId = "coupon_1",
        PercentOff = percent,
        AmountOffMinor = amount,
        Currency = "usd",
        ExpiresAt = expires,
        MaxRedemptions = max,
        EndedAt = ended,
    };

    [Theory]
    [InlineData(" spring-20 ", "SPRING-20")]
    [InlineData("ABC", "ABC")]
    [InlineData("a_b_1", "A_B_1")]
    [InlineData("ab", null)]
    [InlineData("no spaces", null)]
    [InlineData("émile", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Codes_are_letters_digits_dashes_and_underscores_in_upper_case(string? typed, string? expected) =>
        Assert.Equal(expected, PromotionCodeRules.Normalize(typed));

    [Fact]
    public void A_code_is_at_most_forty_characters() =>
        Assert.Null(PromotionCodeRules.Normalize(new string('A', PromotionCodeRules.MaxCodeLength + 1)));

    [Theory]
    [InlineData(14900L, 20, null, 11920L)]
    [InlineData(14900L, 100, null, 0L)]
    [InlineData(14999L, 15, null, 12750L)]
    [InlineData(14900L, null, 1000L, 13900L)]
    [InlineData(14900L, null, 20000L, 0L)]
    [InlineData(14900L, null, null, 14900L)]
    public void The_price_with_a_code_never_goes_below_zero(long price, int? percent, long? amount, long expected) =>
        Assert.Equal(expected, PromotionCodeRules.PriceWith(price, percent, amount));

    [Fact]
    public void A_code_is_unusable_once_ended_expired_or_used_up()
    {
        Assert.Null(PromotionCodeRules.Unusable(Code(expires: Now.AddDays(1), max: 2), Now, used: 1));
        Assert.Equal("has ended", PromotionCodeRules.Unusable(Code(ended: Now.AddDays(-1)), Now, 0));
        Assert.Equal("has expired", PromotionCodeRules.Unusable(Code(expires: Now), Now, 0));
        Assert.Equal("has been used as many times as it may be", PromotionCodeRules.Unusable(Code(max: 2), Now, 2));
    }

    [Fact]
    public void The_discount_reads_as_percent_or_money_off()
    {
        Assert.Equal("20% off", PromotionCodeRules.Discount(Code(), MoneyText.Format));
        Assert.Equal("10.00 USD off", PromotionCodeRules.Discount(Code(percent: null, amount: 1000), MoneyText.Format));
    }

    [Fact]
    public void Prices_carry_the_tax_note_only_when_Stripe_Tax_is_on()
    {
        Assert.Equal("plus tax where applicable", TaxNote.For(automaticTax: true));
        Assert.Null(TaxNote.For(automaticTax: false));
    }
}
