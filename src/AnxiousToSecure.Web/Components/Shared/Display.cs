using System.Globalization;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Checkout;

namespace AnxiousToSecure.Web.Components.Shared;

/// <summary>Formatting for people: money from minor units, and local dates.</summary>
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

    /// <summary>"Tuesday 3 December, 08:00" for an instant already in the student's zone.</summary>
    public static string LocalDateTime(DateTimeOffset local) => local.ToString("dddd d MMMM, HH:mm", Culture);

    public static string LocalDate(DateTimeOffset local) => local.ToString("d MMMM yyyy", Culture);

    /// <summary>The week of the course in which a lesson opens (<see cref="CourseWeeks.Of"/>).</summary>
    public static string ReleaseLabel(int days) => $"Week {CourseWeeks.Of(days)}";
}
