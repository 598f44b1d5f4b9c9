using System.Globalization;
using System.Text.Json;
using AnxiousToSecure.Core.Checkout;
using Stripe;
using Stripe.Checkout;

namespace AnxiousToSecure.Core.Stripe;

/// <summary>Payment plans: Checkout in subscription mode (a monthly price made inline), ending the subscription, the customer portal.</summary>
public sealed partial class StripePaymentGateway : IPlanGateway
{
    public async Task<CheckoutSessionInfo> CreatePlanCheckoutAsync(PlanCheckoutRequest r, CancellationToken ct = default)
    {
        var metadata = new Dictionary<string, string>
        {
            ["user_id"] = r.UserId,
            ["course_id"] = r.CourseId.ToString(CultureInfo.InvariantCulture),
            ["plan_id"] = r.PlanId.ToString(),
            ["payments"] = r.Payments.ToString(CultureInfo.InvariantCulture),
        };
        var options = new SessionCreateOptions
        {
            Mode = "subscription",
            ClientReferenceId = r.UserId,
            CustomerEmail = r.Email,
            Metadata = metadata,
            // On the subscription, so every invoice and subscription event names our plan.
            SubscriptionData = new SessionSubscriptionDataOptions { Metadata = metadata, Description = $"{r.Payments} monthly payments" },
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = r.Currency,
                        UnitAmount = r.AmountMinor,
                        Recurring = new SessionLineItemPriceDataRecurringOptions { Interval = "month" },
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = $"{r.CourseTitle} ({r.Payments} monthly payments)" },
                    },
                },
            ],
            SuccessUrl = r.SuccessUrl + (r.SuccessUrl.Query.Length > 0 ? "&" : "?") + "session_id={CHECKOUT_SESSION_ID}",
            CancelUrl = r.CancelUrl.ToString(),
        };
        var session = await Translated(() => client.V1.Checkout.Sessions.CreateAsync(options, new RequestOptions { IdempotencyKey = $"plan-checkout-{r.PlanId:N}" }, ct), ct);
        return Read(session);
    }

    public async Task<PlanCheckoutInfo> GetPlanCheckoutAsync(string sessionId, CancellationToken ct = default)
    {
        var session = await Translated(() => client.V1.Checkout.Sessions.GetAsync(sessionId, cancellationToken: ct), ct);
        using var doc = JsonDocument.Parse(session.StripeResponse?.Content ?? session.ToJson());
        return StripeEventReader.ReadPlanSession(doc.RootElement);
    }

    public async Task EndSubscriptionAsync(string subscriptionId, Guid planId, CancellationToken ct = default)
    {
        try
        {
            await Translated(() => client.V1.Subscriptions.CancelAsync(subscriptionId, new SubscriptionCancelOptions { Prorate = false, InvoiceNow = false },
                new RequestOptions { IdempotencyKey = $"plan-end-{planId:N}" }, ct), ct);
        }
        catch (PaymentGatewayException e) when (e.Failure == PaymentGatewayFailure.Refused && e.Message.Contains("canceled", StringComparison.OrdinalIgnoreCase))
        {
            // Already ended (by Stripe or in its dashboard): what we wanted.
        }
    }

    public async Task<Uri> CardUpdatePageAsync(string customerId, Uri returnUrl, CancellationToken ct = default)
    {
        var session = await Translated(() => client.V1.BillingPortal.Sessions.CreateAsync(
            new global::Stripe.BillingPortal.SessionCreateOptions { Customer = customerId, ReturnUrl = returnUrl.ToString() }, cancellationToken: ct), ct);
        return new Uri(session.Url);
    }
}
