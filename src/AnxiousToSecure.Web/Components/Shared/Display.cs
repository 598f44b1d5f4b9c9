using System.Globalization;
using AnxiousToSecure.Core.Checkout;

namespace AnxiousToSecure.Web.Components.Shared;

/// <summary>Formatting for people: money from minor units (dates and times: <see cref="AnxiousToSecure.Core.Settings.TimeDisplay"/>).</summary>
public static class Display
{
    private static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-US");
    public static string Money(long minor, string currency)
    {
        var code = currency.ToLowerInvariant();
        var zeroDecimal = Currencies.DecimalPlaces(code) == 0;
        var amount = zeroDecimal ? minor : minor / 100m;
        var symbol = code switch { "usd" => "$", "gbp" => "£", "eur" => "€", "aud" => "A$", "cad" => "C$", _ => "" };
        var number = amount.ToString(zeroDecimal ? "N0" : "N2", Culture);
        return symbol.Length > 0 ? $"{symbol}{number}" : $"{number} {code.ToUpperInvariant()}";
    }

    /// <summary>The week of the course in which a lesson opens: days 0-6 are week 1.</summary>
    public static string ReleaseLabel(int days) => $"Week {days / 7 + 1}";

    /// <summary>How many weeks the drip spans, e.g. a last lesson on day 56 makes 8 weeks.</summary>
    public static int SpanInWeeks(int lastReleaseDay) => Math.Max(1, (int)Math.Ceiling(lastReleaseDay / 7.0));
}
