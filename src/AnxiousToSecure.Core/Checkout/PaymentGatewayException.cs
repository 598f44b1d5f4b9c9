namespace AnxiousToSecure.Core.Checkout;

/// <summary>How a call to the payment provider failed, which decides what the rules do next.</summary>
public enum PaymentGatewayFailure
{
    /// <summary>The provider answered and said no (already refunded, amount too high, ...): trying again will not help.</summary>
    Refused,

    /// <summary>The provider does not know the object (a checkout session id that is not one).</summary>
    NotFound,

    /// <summary>No answer, a timeout, a rate limit or a server error: the outcome is unknown and a retry with the same idempotency key is safe.</summary>
    Unavailable,
}

/// <summary>A payment provider's failure, translated by its adapter so that rules never see the vendor's exceptions.</summary>
/// <param name="message">For <see cref="PaymentGatewayFailure.Refused"/>, the provider's own explanation.</param>
public sealed class PaymentGatewayException(PaymentGatewayFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public PaymentGatewayFailure Failure { get; } = failure;
}
