using System.Globalization;
using AnxiousToSecure.Core.Catalog;
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

    /// <summary>The week of the course in which a lesson opens (<see cref="CourseWeeks.Of"/>).</summary>
    public static string ReleaseLabel(int days) => $"Week {CourseWeeks.Of(days)}";
}
