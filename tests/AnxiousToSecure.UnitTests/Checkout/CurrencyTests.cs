using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Web.Components.Shared;

namespace AnxiousToSecure.UnitTests.Checkout;

[Trait("Category", "Checkout")]
public sealed class CurrencyTests
{
    [Fact]
    public void A_west_african_franc_price_parses_and_displays_as_the_same_amount()
    {
        Assert.True(MoneyText.TryParseMinor("5000", "xof", out var minor));
        Assert.Equal(5000, minor);
        Assert.Equal("5,000 XOF", Display.Money(minor, "xof"));
        Assert.Equal("5000 XOF", MoneyText.Format(minor, "xof"));
    }

    [Theory]
    [InlineData("bif")]
    [InlineData("clp")]
    [InlineData("djf")]
    [InlineData("gnf")]
    [InlineData("jpy")]
    [InlineData("kmf")]
    [InlineData("krw")]
    [InlineData("mga")]
    [InlineData("pyg")]
    [InlineData("rwf")]
    [InlineData("ugx")]
    [InlineData("vnd")]
    [InlineData("vuv")]
    [InlineData("xaf")]
    [InlineData("XOF")]
    [InlineData("xpf")]
    [InlineData("isk")]
    public void Every_zero_decimal_currency_reads_the_same_when_parsed_and_when_shown(string currency)
    {
        Assert.Equal(0, Currencies.DecimalPlaces(currency));
        Assert.False(MoneyText.TryParseMinor("1.5", currency, out _));
        Assert.Equal($"1,500 {currency.ToUpperInvariant()}", Display.Money(1500, currency));
    }

    [Theory]
    [InlineData("usd")]
    [InlineData("eur")]
    [InlineData("sek")]
    public void Other_currencies_have_two_decimal_places(string currency) => Assert.Equal(2, Currencies.DecimalPlaces(currency));
}
