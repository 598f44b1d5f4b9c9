using System.Reflection;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Stripe;
using AnxiousToSecure.TestSupport.Checkout;

namespace AnxiousToSecure.UnitTests.Checkout;

[Trait("Category", "Checkout")]
public sealed class MoneyTests
{
    [Theory]
    [InlineData("12.50", "usd", 1250)]
    [InlineData("0.1", "usd", 10)]
    [InlineData("0.29", "usd", 29)]
    [InlineData("149", "usd", 14900)]
    [InlineData(" 7.05 ", "eur", 705)]
    [InlineData("1500", "jpy", 1500)]
    [InlineData("92233720368547758.07", "usd", long.MaxValue)]
    public void Typed_amounts_become_exact_minor_units(string text, string currency, long expected)
    {
        Assert.True(MoneyText.TryParseMinor(text, currency, out var minor));
        Assert.Equal(expected, minor);
    }

    [Theory]
    [InlineData("12.345", "usd")]
    [InlineData("12,50", "usd")]
    [InlineData("-5", "usd")]
    [InlineData("1e3", "usd")]
    [InlineData("12.", "usd")]
    [InlineData(".5", "usd")]
    [InlineData("15.5", "jpy")]
    [InlineData("92233720368547758.08", "usd")]
    [InlineData("", "usd")]
    public void Anything_else_is_refused_rather_than_rounded(string text, string currency) =>
        Assert.False(MoneyText.TryParseMinor(text, currency, out _));

    [Theory]
    [InlineData(1250, "usd", "12.50 USD")]
    [InlineData(5, "usd", "0.05 USD")]
    [InlineData(1500, "jpy", "1500 JPY")]
    public void Minor_units_format_without_floating_point(long minor, string currency, string expected) =>
        Assert.Equal(expected, MoneyText.Format(minor, currency));

    [Fact]
    public void No_billing_record_holds_money_in_a_floating_point_type()
    {
        var floating = new[] { typeof(float), typeof(double), typeof(decimal), typeof(float?), typeof(double?), typeof(decimal?) };
        var offenders = typeof(Payment).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(Payment).Namespace)
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => (t, p)))
            .Where(x => floating.Contains(x.p.PropertyType))
            .Select(x => $"{x.t.Name}.{x.p.Name}")
            .ToList();
        Assert.Empty(offenders);
    }
}
