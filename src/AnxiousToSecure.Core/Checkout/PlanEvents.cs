namespace AnxiousToSecure.Core.Checkout;

/// <summary>Which plan an event is about: our id from the subscription's metadata, else the provider's subscription id.</summary>
public sealed record PlanRef(Guid? PlanId, string? SubscriptionId);

/// <summary>A plan's checkout session (subscription mode), from an event or from the API.</summary>
public sealed record PlanCheckoutInfo(string SessionId, Guid? PlanId, string? UserId, string? SubscriptionId, string? CustomerId, bool Paid, bool Expired);

/// <param name="WillRetry">The provider will try the charge again (it has not given up on this invoice).</param>
public sealed record PlanInvoiceInfo(
    string InvoiceId, PlanRef Plan, string? CustomerId, string? PaymentIntentId, long AmountDue, long AmountPaid, string Currency, int Attempts, bool WillRetry);

/// <summary>The provider's subscription states that matter to access.</summary>
public enum SubscriptionState
{
    Active,

    /// <summary>A payment failed and is being retried.</summary>
    PastDue,

    /// <summary>Retries ran out and the subscription stays, unpaid.</summary>
    Unpaid,

    /// <summary>Ended (by us after the last payment, or by the provider when retries ran out).</summary>
    Canceled,

    /// <summary>Incomplete, trialing, paused, or a word we do not know: changes nothing.</summary>
    Other,
}

public sealed record PlanCheckoutEvent(PlanCheckoutInfo Session) : PaymentEvent;

public sealed record PlanInvoicePaidEvent(PlanInvoiceInfo Invoice) : PaymentEvent;

public sealed record PlanInvoiceFailedEvent(PlanInvoiceInfo Invoice) : PaymentEvent;

public sealed record PlanSubscriptionEvent(PlanRef Plan, string SubscriptionId, string? CustomerId, SubscriptionState State) : PaymentEvent;

public sealed record PlanCheckoutRequest(
    Guid PlanId, string UserId, string? Email, int CourseId, string CourseTitle, int Payments, long AmountMinor, string Currency, Uri SuccessUrl, Uri CancelUrl);

/// <summary>The provider's side of payment plans: subscription checkout, ending a subscription, the card-update portal.</summary>
public interface IPlanGateway
{
    Task<CheckoutSessionInfo> CreatePlanCheckoutAsync(PlanCheckoutRequest request, CancellationToken ct = default);

    Task<PlanCheckoutInfo> GetPlanCheckoutAsync(string sessionId, CancellationToken ct = default);

    /// <summary>Ends the subscription now, without proration or a final invoice (idempotent per plan).</summary>
    Task EndSubscriptionAsync(string subscriptionId, Guid planId, CancellationToken ct = default);

    /// <summary>A short-lived page at the provider where she updates her card, made when she asks for it.</summary>
    Task<Uri> CardUpdatePageAsync(string customerId, Uri returnUrl, CancellationToken ct = default);
}
