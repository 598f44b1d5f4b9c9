namespace AnxiousToSecure.Core.Checkout;

/// <summary>Where a gift is. The names are stored as text: never rename one.</summary>
public enum GiftStatus
{
    /// <summary>Checkout opened; nothing paid yet.</summary>
    AwaitingPayment,

    /// <summary>Paid; the redeem email goes out on the delivery morning.</summary>
    Scheduled,

    /// <summary>The redeem email went out; the link works until it is used (or a resend replaces it).</summary>
    Sent,

    /// <summary>The recipient used the link: her enrollment started then.</summary>
    Redeemed,

    /// <summary>Refunded (or taken back by the bank) before it was redeemed: the link no longer works.</summary>
    Refunded,

    /// <summary>The checkout expired or failed unpaid.</summary>
    Abandoned,
}

/// <summary>
/// "Give this course": a payment by the buyer for someone else's place, delivered as a one-time
/// redeem link on the morning she chose. Only a hash of the link's token is stored.
/// </summary>
public sealed class Gift
{
    public const int MaxMessageLength = 600;

    public Guid Id { get; set; }
    public Guid PaymentId { get; set; }
    public Payment? Payment { get; set; }

    /// <summary>Null once the buyer deleted her account.</summary>
    public string? BuyerId { get; set; }
    public int CourseId { get; set; }
    public required string RecipientEmail { get; set; }

    /// <summary>Upper-cased the way Identity normalizes addresses, so "the named address" compares the same way sign-in does.</summary>
    public required string NormalizedRecipientEmail { get; set; }
    public string? Message { get; set; }

    /// <summary>The day the buyer chose; the email goes out that morning in the course's time zone.</summary>
    public DateOnly DeliverOn { get; set; }
    public GiftStatus Status { get; set; }

    /// <summary>When the sweep should send the redeem email next (the delivery morning, or now for a resend). Null: nothing to send.</summary>
    public DateTimeOffset? SendAt { get; set; }
    public int SendAttempts { get; set; }

    /// <summary>SHA-256 of the current redeem token (hex); a resend replaces it, so an older link stops working.</summary>
    public string? TokenHash { get; set; }
    public int TimesSent { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? RedeemedAt { get; set; }
    public string? RedeemedById { get; set; }
    public Guid? EnrollmentId { get; set; }

    /// <summary>A note to the buyer waits for the sweep: the gift went out, or was redeemed.</summary>
    public GiftNotice? NoticeDue { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The two notes the buyer gets. Stored as text.</summary>
public enum GiftNotice
{
    Sent,
    Redeemed,
}
