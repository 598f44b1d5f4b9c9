using System.ComponentModel.DataAnnotations;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>Gifts: how often the sweep looks for gifts whose morning has come.</summary>
public sealed class GiftOptions
{
    public const string Section = "Gifts";

    /// <summary>How often the delivery sweep runs (cron, UTC). A gift goes out at the first run after its morning.</summary>
    [Required]
    public string SweepCron { get; set; } = "* * * * *";
}
