using System.Globalization;
using AnxiousToSecure.Core.Stripe;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>Amounts typed by people ("12.50") to minor units, by text and integers only: no float, no rounding surprises.</summary>
public static class MoneyText
{
    public static bool TryParseMinor(string? text, string currency, out long minor)
    {
        minor = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        var exponent = Currencies.DecimalPlaces(currency);
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? s : s[..dot];
        var fraction = dot < 0 ? "" : s[(dot + 1)..];
        if (whole.Length == 0 || fraction.Length > exponent || (dot >= 0 && fraction.Length == 0)) return false;
        if (!long.TryParse(whole, NumberStyles.None, CultureInfo.InvariantCulture, out var units)) return false;
        long cents = 0;
        if (fraction.Length > 0 && !long.TryParse(fraction.PadRight(exponent, '0'), NumberStyles.None, CultureInfo.InvariantCulture, out cents)) return false;
        try
        {
            minor = checked(units * (exponent == 0 ? 1 : 100) + cents);
        }
        catch (OverflowException)
        {
            return false;
        }
        return true;
    }

    public static string Format(long minor, string currency)
    {
        var exponent = Currencies.DecimalPlaces(currency);
        var code = currency.ToUpperInvariant();
        if (exponent == 0) return $"{minor.ToString(CultureInfo.InvariantCulture)} {code}";
        var sign = minor < 0 ? "-" : "";
        var abs = Math.Abs(minor);
        return $"{sign}{(abs / 100).ToString(CultureInfo.InvariantCulture)}.{(abs % 100).ToString("00", CultureInfo.InvariantCulture)} {code}";
    }
}
