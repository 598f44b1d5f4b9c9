namespace AnxiousToSecure.Core.Checkout;

/// <summary>
/// A promotion code an admin made at /admin/codes: our record of Stripe's coupon and promotion code,
/// so checkout can pass Stripe the code's id, purchases can count it, and the audit log can name it.
/// Exactly one of <see cref="PercentOff"/> and <see cref="AmountOffMinor"/> is set.
/// </summary>
public sealed class PromotionCode
{
    public Guid Id { get; set; }

    /// <summary>What buyers type or receive in the share link, upper case (Stripe matches codes without regard to case).</summary>
    public required string Code { get; set; }

    public required string ProviderPromotionCodeId { get; set; }
    public required string ProviderCouponId { get; set; }
    public int? PercentOff { get; set; }
    public long? AmountOffMinor { get; set; }

    /// <summary>The currency of <see cref="AmountOffMinor"/> (the course's when it was made).</summary>
    public string? Currency { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public int? MaxRedemptions { get; set; }
    public string? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>An admin ended it: Stripe no longer accepts it and checkout no longer offers it.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Made under the local test checkout: nothing exists at Stripe.</summary>
    public bool IsTest { get; set; }
}
