using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Stripe;

namespace AnxiousToSecure.Core.Checkout;

public enum PaymentStatus
{
    /// <summary>Checkout started, or completed with a payment still processing.</summary>
    Pending,
    Paid,
    Failed,
    PartiallyRefunded,
    Refunded,
    Disputed,
}

/// <summary>
/// One purchase through Stripe Checkout, created when checkout starts. Amounts are integers in the
/// currency's minor unit (cents) everywhere: money never passes through floating point.
/// </summary>
public sealed class Payment
{
    public Guid Id { get; set; }

    /// <summary>Null once the buyer deleted her account: accounting keeps the row, detached from the person.</summary>
    public string? UserId { get; set; }
    public ApplicationUser? User { get; set; }
    public int CourseId { get; set; }
    public Guid? EnrollmentId { get; set; }
    public string? CheckoutSessionId { get; set; }
    public string? CheckoutUrl { get; set; }
    public DateTimeOffset? CheckoutExpiresAt { get; set; }
    public string? PaymentIntentId { get; set; }
    public long AmountMinor { get; set; }
    public required string Currency { get; set; }
    public long RefundedMinor { get; set; }
    public PaymentStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PaidAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The promotion code this checkout was opened with (from a share link), if any.</summary>
    public Guid? PromotionCodeId { get; set; }
    public PromotionCode? PromotionCode { get; set; }

    /// <summary>Stripe's page for this purchase: the hosted invoice when invoices are on, else the charge's receipt.</summary>
    public string? ReceiptUrl { get; set; }

    /// <summary><see cref="ReceiptUrl"/> is an invoice (not a plain receipt).</summary>
    public bool ReceiptIsInvoice { get; set; }

    public List<Refund> Refunds { get; set; } = [];

    public long RemainingMinor => AmountMinor - RefundedMinor;
}

public enum RefundStatus
{
    /// <summary>Our row exists; Stripe has not confirmed it yet (or the call timed out and may be retried).</summary>
    Requested,
    Pending,
    Succeeded,
    Failed,
    Canceled,
}

/// <summary>A refund of all or part of a payment. Its id is the Stripe idempotency key, so a retry never refunds twice.</summary>
public sealed class Refund
{
    public Guid Id { get; set; }
    public Guid PaymentId { get; set; }
    public Payment? Payment { get; set; }
    public long AmountMinor { get; set; }
    public required string Reason { get; set; }

    /// <summary>A partial refund that should also end access (a full refund always does).</summary>
    public bool RevokeAccess { get; set; }
    public string? RequestedById { get; set; }
    public string? StripeRefundId { get; set; }
    public RefundStatus Status { get; set; }
    public string? FailureReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public string IdempotencyKey => $"refund-{Id:N}";
}

/// <summary>A chargeback opened by the buyer's bank. Open disputes suspend access until Stripe closes them.</summary>
public sealed class Dispute
{
    public long Id { get; set; }
    public required string StripeDisputeId { get; set; }
    public Guid PaymentId { get; set; }
    public Payment? Payment { get; set; }
    public string? ChargeId { get; set; }
    public long AmountMinor { get; set; }
    public required string Currency { get; set; }
    public string Reason { get; set; } = "";

    /// <summary>Stripe's status: needs_response, under_review, won, lost, ...</summary>
    public required string Status { get; set; }
    public DateTimeOffset? EvidenceDueBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    public bool IsOpen => ClosedAt is null;
}

public enum StripeEventState
{
    Received,
    Processed,

    /// <summary>A type we do not act on; kept for the record.</summary>
    Ignored,

    /// <summary>About a payment we do not know yet (it arrived before its checkout completed); replayed when it is known.</summary>
    Waiting,

    /// <summary>Could not be applied for a reason retrying will not fix; shown to admins.</summary>
    Failed,
}

/// <summary>The webhook inbox: every verified event, keyed by Stripe's event id, with its raw payload.</summary>
public sealed class StripeEventRecord
{
    public required string Id { get; set; }
    public required string Type { get; set; }
    public string? ApiVersion { get; set; }

    /// <summary>Its api_version differs from the library's; it was read field by field, and flagged.</summary>
    public bool ApiVersionMismatch { get; set; }
    public DateTimeOffset Created { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public required string Payload { get; set; }
    public StripeEventState State { get; set; }
    public string? PaymentIntentId { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }
    public string? Error { get; set; }
}
