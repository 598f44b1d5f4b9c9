namespace AnxiousToSecure.Core.Checkout;

/// <summary>How many decimal places a currency's minor unit has, for parsing typed amounts and for showing them.</summary>
public static class Currencies
{
    /// <summary>
    /// Stripe's zero-decimal currencies (https://docs.stripe.com/currencies#zero-decimal): an amount
    /// of 500 is 500 XOF, not 5.00. Every other currency we sell in has two decimal places.
    /// </summary>
    public static readonly IReadOnlySet<string> ZeroDecimal = new HashSet<string>(
        ["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf", "isk"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>0 for a zero-decimal currency, else 2.</summary>
    public static int DecimalPlaces(string currency) => ZeroDecimal.Contains(currency) ? 0 : 2;
}
