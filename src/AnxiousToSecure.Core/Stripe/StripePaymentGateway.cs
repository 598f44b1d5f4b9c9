using System.Text.Json;
using Stripe;
using Stripe.Checkout;
using AnxiousToSecure.Core.Checkout;

namespace AnxiousToSecure.Core.Stripe;

/// <summary>Stripe Checkout and Refunds through one <see cref="StripeClient"/>.</summary>
public sealed class StripePaymentGateway(StripeClient client) : IPaymentGateway
{
    public bool IsLocalTest => false;

    public async Task<CheckoutSessionInfo> CreateCheckoutAsync(CheckoutRequest r, CancellationToken ct = default)
    {
        var metadata = new Dictionary<string, string>
        {
            ["user_id"] = r.UserId,
            ["course_id"] = r.CourseId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["payment_id"] = r.PaymentId.ToString(),
        };
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = r.UserId,
            CustomerEmail = r.Email,
            Metadata = metadata,
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = metadata },
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = r.Currency,
                        UnitAmount = r.AmountMinor,
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = r.CourseTitle },
                    },
                },
            ],
            AllowPromotionCodes = r.AllowPromotionCodes ? true : null,
            // Stripe fills in the session id: the success page asks Stripe about exactly this session.
            SuccessUrl = r.SuccessUrl + (r.SuccessUrl.Query.Length > 0 ? "&" : "?") + "session_id={CHECKOUT_SESSION_ID}",
            CancelUrl = r.CancelUrl.ToString(),
        };
        var session = await client.V1.Checkout.Sessions.CreateAsync(options, new RequestOptions { IdempotencyKey = $"checkout-{r.PaymentId:N}" }, ct);
        return Read(session);
    }

    public async Task<CheckoutSessionInfo> GetCheckoutAsync(string sessionId, CancellationToken ct = default) =>
        Read(await client.V1.Checkout.Sessions.GetAsync(sessionId, cancellationToken: ct));

    public async Task<RefundInfo> RefundAsync(string idempotencyKey, Guid refundId, string paymentIntentId, long amountMinor, CancellationToken ct = default)
    {
        var refund = await client.V1.Refunds.CreateAsync(
            new RefundCreateOptions
            {
                PaymentIntent = paymentIntentId,
                Amount = amountMinor,
                Reason = "requested_by_customer",
                Metadata = new Dictionary<string, string> { ["refund_id"] = refundId.ToString() },
            },
            new RequestOptions { IdempotencyKey = idempotencyKey },
            ct);
        return new RefundInfo(refund.Id, refund.Status, refund.Amount, refund.FailureReason);
    }

    /// <summary>Through the raw JSON, so the API and webhook paths read a session the same way.</summary>
    private static CheckoutSessionInfo Read(Session session)
    {
        using var doc = JsonDocument.Parse(session.StripeResponse?.Content ?? session.ToJson());
        return CheckoutSessionInfo.FromJson(doc.RootElement);
    }
}
