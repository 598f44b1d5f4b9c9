using AnxiousToSecure.Core.Data;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>Where a payment plan stands, in our words; the provider's subscription states are mapped onto these in the adapter.</summary>
public enum PlanStatus
{
    /// <summary>Checkout opened; nothing paid yet.</summary>
    Pending,

    /// <summary>Paid up so far; more payments to come.</summary>
    Active,

    /// <summary>A later payment failed; the provider is retrying. Access continues.</summary>
    PastDue,

    /// <summary>The provider gave up retrying: access is paused (progress and journal kept) until she pays or an admin decides.</summary>
    Paused,

    /// <summary>Every payment made; the subscription was ended. The course is hers like a payment in full.</summary>
    Completed,

    /// <summary>The checkout expired unpaid.</summary>
    Canceled,
}

/// <summary>
/// Buying the course in N monthly payments: one row per plan, made when its checkout starts (so every event about it,
/// in whatever order, finds it by the id in the subscription's metadata). Each paid invoice is also a <see cref="Payment"/>,
/// so refunds, the purchases page and the admin's payment list treat it like any other payment.
/// </summary>
public sealed class PaymentPlan
{
    public Guid Id { get; set; }

    /// <summary>Null once the buyer deleted her account.</summary>
    public string? UserId { get; set; }
    public ApplicationUser? User { get; set; }
    public int CourseId { get; set; }
    public Guid? EnrollmentId { get; set; }
    public int Payments { get; set; }
    public long AmountMinor { get; set; }
    public required string Currency { get; set; }
    public string? CheckoutSessionId { get; set; }
    public string? CheckoutUrl { get; set; }
    public DateTimeOffset? CheckoutExpiresAt { get; set; }
    public string? SubscriptionId { get; set; }
    public string? CustomerId { get; set; }
    public PlanStatus Status { get; set; }

    /// <summary>The provider's time of the event that set <see cref="Status"/>: an older event arriving late does not undo a newer one.</summary>
    public DateTimeOffset? StatusEventAt { get; set; }

    /// <summary>Invoices paid so far (distinct invoices; a redelivered event counts once).</summary>
    public int PaidCount { get; set; }

    /// <summary>When the subscription was ended at the provider after the last payment.</summary>
    public DateTimeOffset? EndedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<PlanInvoice> Invoices { get; set; } = [];
}

public enum PlanInvoiceStatus
{
    Open,
    Paid,

    /// <summary>An attempt to charge failed; the provider may still retry it.</summary>
    Failed,
}

/// <summary>One monthly invoice of a plan, keyed by the provider's invoice id.</summary>
public sealed class PlanInvoice
{
    public Guid Id { get; set; }
    public Guid PlanId { get; set; }
    public PaymentPlan? Plan { get; set; }
    public required string InvoiceId { get; set; }
    public long AmountMinor { get; set; }
    public required string Currency { get; set; }
    public PlanInvoiceStatus Status { get; set; }

    /// <summary>The provider's count of charge attempts so far.</summary>
    public int Attempts { get; set; }

    /// <summary>The payment this invoice became once paid (refunds go through it).</summary>
    public Guid? PaymentId { get; set; }
    public Payment? Payment { get; set; }
    public DateTimeOffset? PaidAt { get; set; }
    public DateTimeOffset? FailedAt { get; set; }

    /// <summary>The "update your card" email went out for this invoice (at most once per invoice).</summary>
    public DateTimeOffset? FailureNoticeSentAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
