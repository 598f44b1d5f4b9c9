namespace AnxiousToSecure.Core.Checkout;

/// <summary>What every provider event carries, read before it is stored in the inbox.</summary>
/// <param name="ApiVersionMismatch">The event was written for another API version than the one we call: processed, and flagged.</param>
public sealed record PaymentEventEnvelope(string Id, string Type, string? ApiVersion, bool ApiVersionMismatch, DateTimeOffset Created, string? PaymentIntentId);

/// <summary>A refund as an event reports it, in our refund states.</summary>
public sealed record RefundEventInfo(string StripeRefundId, string? PaymentIntentId, long Amount, RefundStatus Status, string? FailureReason, Guid? OurRefundId);

/// <summary>How a dispute ended, as far as access is concerned.</summary>
public enum DisputeResult
{
    /// <summary>Not decided (or closed without saying so): access does not come back.</summary>
    Undecided,

    /// <summary>Won, or an inquiry closed without a chargeback.</summary>
    Won,
    Lost,
}

/// <param name="Status">The provider's own word for the dispute's state, stored and shown to staff as it is.</param>
public sealed record DisputeEventInfo(
    string StripeDisputeId, string? PaymentIntentId, string? ChargeId, long Amount, string Currency, string Reason, string Status, DisputeResult Result, DateTimeOffset? EvidenceDueBy);

/// <summary>A provider event in the terms of our ledger; the adapter maps the provider's event types onto these.</summary>
public abstract record PaymentEvent;

/// <summary>A checkout finished (or its delayed payment arrived): fulfil it.</summary>
public sealed record CheckoutCompletedEvent(CheckoutSessionInfo Session) : PaymentEvent;

/// <summary>A delayed payment failed, or the session expired unpaid.</summary>
public sealed record CheckoutFailedEvent(CheckoutSessionInfo Session) : PaymentEvent;

/// <summary>The provider's running total of refunds on the charge.</summary>
public sealed record ChargeRefundedEvent(string? PaymentIntentId, long AmountRefunded) : PaymentEvent;

public sealed record RefundChangedEvent(RefundEventInfo Refund) : PaymentEvent;

public sealed record DisputeChangedEvent(DisputeEventInfo Dispute, bool Closed) : PaymentEvent;

/// <summary>An event type we do not act on.</summary>
public sealed record IgnoredEvent : PaymentEvent;

/// <summary>Reads the provider's webhook events; the rules of the inbox never see its JSON shapes or status words.</summary>
public interface IPaymentEventReader
{
    /// <summary>Null when the signature and its timestamp are good; otherwise why not, for the log.</summary>
    string? SignatureProblem(string json, string? signatureHeader);

    /// <exception cref="System.Text.Json.JsonException">The body is not an event.</exception>
    PaymentEventEnvelope ReadEnvelope(string json);

    /// <exception cref="System.Text.Json.JsonException">The event's object lacks what its type needs.</exception>
    PaymentEvent Read(string type, string json);
}
