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
        if (r.GiftId is { } gift) metadata["gift_id"] = gift.ToString();
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
                        // With Stripe Tax the price is before tax ("plus tax where applicable"), and tax is added to it.
                        TaxBehavior = r.AutomaticTax ? "exclusive" : null,
                    },
                },
            ],
            // Stripe takes either a code given in advance or a box to type one in, not both.
            Discounts = r.PromotionCodeId is { } promotion ? [new SessionDiscountOptions { PromotionCode = promotion }] : null,
            AllowPromotionCodes = r.PromotionCodeId is null && r.AllowPromotionCodes ? true : null,
            AutomaticTax = r.AutomaticTax ? new SessionAutomaticTaxOptions { Enabled = true } : null,
            InvoiceCreation = r.InvoiceCreation ? new SessionInvoiceCreationOptions { Enabled = true } : null,
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

    public async Task<PromotionCodeMade> CreatePromotionCodeAsync(PromotionCodeSpec spec, CancellationToken ct = default)
    {
        var metadata = new Dictionary<string, string> { ["promotion_code_id"] = spec.Id.ToString() };
        var coupon = await Translated(() => client.V1.Coupons.CreateAsync(
            new CouponCreateOptions
            {
                Name = spec.Code,
                PercentOff = spec.PercentOff,
                AmountOff = spec.AmountOffMinor,
                Currency = spec.AmountOffMinor is null ? null : spec.Currency,
                // The course is one payment: the discount applies to it once.
                Duration = "once",
                Metadata = metadata,
            },
            new RequestOptions { IdempotencyKey = $"coupon-{spec.Id:N}" }, ct), ct);
        var code = await Translated(() => client.V1.PromotionCodes.CreateAsync(
            new PromotionCodeCreateOptions
            {
                Promotion = new PromotionCodePromotionOptions { Type = "coupon", Coupon = coupon.Id },
                Code = spec.Code,
                ExpiresAt = spec.ExpiresAt?.UtcDateTime,
                MaxRedemptions = spec.MaxRedemptions,
                Metadata = metadata,
            },
            new RequestOptions { IdempotencyKey = $"promotion-code-{spec.Id:N}" }, ct), ct);
        return new PromotionCodeMade(code.Id, coupon.Id);
    }

    public Task EndPromotionCodeAsync(string promotionCodeId, CancellationToken ct = default) =>
        Translated(() => client.V1.PromotionCodes.UpdateAsync(promotionCodeId, new PromotionCodeUpdateOptions { Active = false }, cancellationToken: ct), ct);

    public async Task<IReadOnlyDictionary<string, long>> PromotionCodeRedemptionsAsync(CancellationToken ct = default)
    {
        var page = await Translated(() => client.V1.PromotionCodes.ListAsync(new PromotionCodeListOptions { Limit = 100 }, cancellationToken: ct), ct);
        return page.Data.ToDictionary(c => c.Id, c => c.TimesRedeemed);
    }

    public async Task<ReceiptInfo?> GetReceiptAsync(string sessionId, CancellationToken ct = default)
    {
        var session = await Translated(() => client.V1.Checkout.Sessions.GetAsync(sessionId,
            new SessionGetOptions { Expand = ["invoice", "payment_intent.latest_charge"] }, cancellationToken: ct), ct);
        using var doc = JsonDocument.Parse(session.StripeResponse?.Content ?? session.ToJson());
        return StripeEventReader.ReadReceipt(doc.RootElement);
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
