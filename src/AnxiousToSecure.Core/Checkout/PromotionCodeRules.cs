namespace AnxiousToSecure.Core.Checkout;

/// <summary>What a promotion code may look like, what it takes off, and when it can still be used: one place for the codes page, the course page and checkout.</summary>
public static class PromotionCodeRules
{
    public const int MinCodeLength = 3;
    public const int MaxCodeLength = 40;

    public const string CodeShape = "Use 3 to 40 letters, digits, dashes or underscores (no spaces), e.g. SPRING-20.";

    /// <summary>The code as stored and sent to Stripe (trimmed, upper case), or null when it is not a code's shape.</summary>
    public static string? Normalize(string? typed)
    {
        var code = typed?.Trim().ToUpperInvariant() ?? "";
        return code.Length is >= MinCodeLength and <= MaxCodeLength && code.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_')
            ? code
            : null;
    }

    /// <summary>What the buyer pays with the code, never below zero.</summary>
    public static long PriceWith(long priceMinor, int? percentOff, long? amountOffMinor) =>
        percentOff is { } p ? priceMinor - (priceMinor * p / 100)
        : amountOffMinor is { } a ? Math.Max(0, priceMinor - a)
        : priceMinor;

    public static long PriceWith(long priceMinor, PromotionCode code) => PriceWith(priceMinor, code.PercentOff, code.AmountOffMinor);

    /// <summary>"20% off" or "10.00 USD off".</summary>
    public static string Discount(PromotionCode code, Func<long, string, string> money) =>
        code.PercentOff is { } p ? $"{p}% off" : $"{money(code.AmountOffMinor ?? 0, code.Currency ?? "usd")} off";

    /// <summary>Why a code cannot be used now, or null when it can. <paramref name="used"/>: purchases paid with it.</summary>
    public static string? Unusable(PromotionCode code, DateTimeOffset now, int used) =>
        code.EndedAt is not null ? "has ended"
        : code.ExpiresAt is { } e && e <= now ? "has expired"
        : code.MaxRedemptions is { } max && used >= max ? "has been used as many times as it may be"
        : null;
}
