using AnxiousToSecure.Core.Checkout;

namespace AnxiousToSecure.UnitTests.Checkout;

[Trait("Category", "Checkout")]
public sealed class MoneyTextEdgeTests
{
    [Theory]
    [InlineData("12.a")]
    [InlineData("12.5x")]
    [InlineData("1.+5")]
    [InlineData("1. 5")]
    public void A_fraction_that_is_not_digits_is_refused(string text) =>
        Assert.False(MoneyText.TryParseMinor(text, "usd", out _));

    [Fact]
    public void A_refused_amount_leaves_zero()
    {
        Assert.False(MoneyText.TryParseMinor("12.a", "usd", out var minor));
        Assert.Equal(0, minor);
    }

    [Theory]
    [InlineData(-1250, "usd", "-12.50 USD")]
    [InlineData(-5, "eur", "-0.05 EUR")]
    [InlineData(0, "usd", "0.00 USD")]
    [InlineData(-1500, "jpy", "-1500 JPY")]
    [InlineData(1500, "JPY", "1500 JPY")]
    public void Negative_and_zero_amounts_format_with_their_sign(long minor, string currency, string expected) =>
        Assert.Equal(expected, MoneyText.Format(minor, currency));
}
