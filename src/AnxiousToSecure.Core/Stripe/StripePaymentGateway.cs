using System.Net;
using System.Text.Json;
using AnxiousToSecure.Core.Checkout;
using Stripe;
using Stripe.Checkout;

namespace AnxiousToSecure.Core.Stripe;

/// <summary>
/// Stripe Checkout and Refunds through one <see cref="StripeClient"/>. Stripe.net's exceptions and
/// status words end here: callers get <see cref="PaymentGatewayException"/> and our enums.
/// </summary>
public sealed partial class StripePaymentGateway(StripeClient client) : IPaymentGateway
{
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
        var session = await Translated(() => client.V1.Checkout.Sessions.CreateAsync(options, new RequestOptions { IdempotencyKey = $"checkout-{r.PaymentId:N}" }, ct), ct);
        return Read(session);
    }

    public async Task<CheckoutSessionInfo> GetCheckoutAsync(string sessionId, CancellationToken ct = default) =>
        Read(await Translated(() => client.V1.Checkout.Sessions.GetAsync(sessionId, cancellationToken: ct), ct));

    public async Task<RefundInfo> RefundAsync(string idempotencyKey, Guid refundId, string paymentIntentId, long amountMinor, CancellationToken ct = default)
    {
        var refund = await Translated(() => client.V1.Refunds.CreateAsync(
            new RefundCreateOptions
            {
                PaymentIntent = paymentIntentId,
                Amount = amountMinor,
                Reason = "requested_by_customer",
                Metadata = new Dictionary<string, string> { ["refund_id"] = refundId.ToString() },
            },
            new RequestOptions { IdempotencyKey = idempotencyKey },
            ct), ct);
        return new RefundInfo(refund.Id, StripeEventReader.RefundState(refund.Status), refund.Amount, refund.FailureReason);
    }

    /// <summary>
    /// Stripe's answers as our failure kinds: a 4xx other than 409 (a concurrent request with the
    /// same key) and 429 (rate limit) is Stripe saying no; everything else, including a timeout or
    /// no connection, leaves the outcome unknown. A cancellation by our caller stays a cancellation.
    /// </summary>
    private static async Task<T> Translated<T>(Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (StripeException e) when (e.HttpStatusCode == HttpStatusCode.NotFound)
        {
            throw new PaymentGatewayException(PaymentGatewayFailure.NotFound, e.StripeError?.Message ?? e.Message, e);
        }
        catch (StripeException e) when (e.HttpStatusCode is >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError
                                          and not HttpStatusCode.Conflict and not HttpStatusCode.TooManyRequests)
        {
            throw new PaymentGatewayException(PaymentGatewayFailure.Refused, e.StripeError?.Message ?? e.Message, e);
        }
        catch (Exception e) when (e is StripeException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new PaymentGatewayException(PaymentGatewayFailure.Unavailable, e.Message, e);
        }
    }

    /// <summary>Through the raw JSON, so the API and webhook paths read a session the same way.</summary>
    private static CheckoutSessionInfo Read(Session session)
    {
        using var doc = JsonDocument.Parse(session.StripeResponse?.Content ?? session.ToJson());
        return StripeEventReader.ReadSession(doc.RootElement);
    }
}
