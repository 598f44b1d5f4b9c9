using System.ComponentModel.DataAnnotations;
using AnxiousToSecure.Core.Checkout;

namespace AnxiousToSecure.Core.Stripe;

public sealed class StripeOptions
{
    public const string Section = "Stripe";

    /// <summary>sk_test_... or sk_live_...; without it, Development uses the local test checkout.</summary>
    public string? SecretKey { get; set; }

    /// <summary>
    /// whsec_...: the webhook endpoint's signing secret (from the dashboard or `stripe listen`). Unset with the
    /// local test checkout: that run's own random secret (LocalTestCheckout.LocalTestWebhookSecret).
    /// </summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Another address for the Stripe API (tests point it at a local fake).</summary>
    [Url]
    public string? ApiBase { get; set; }

    /// <summary>Let buyers enter Stripe promotion codes at checkout.</summary>
    public bool AllowPromotionCodes { get; set; }

    /// <summary>
    /// Stripe Tax works out and adds sales tax or VAT at checkout (Checkout's <c>automatic_tax</c>); prices are
    /// then shown "plus tax where applicable" (<see cref="Checkout.TaxNote"/>). Needs Stripe Tax set up in the dashboard.
    /// </summary>
    public bool AutomaticTax { get; set; }

    /// <summary>Checkout makes an invoice for each one-time payment (<c>invoice_creation</c>), with the seller's details from the Stripe account; the purchases page links to it.</summary>
    public bool InvoiceCreation { get; set; }

    /// <summary>Days after purchase in which a full refund is offered (shown on the course and purchases pages).</summary>
    [Range(0, 365)]
    public int RefundWindowDays { get; set; } = 14;

    /// <summary>Webhook timestamps older than this are refused (Stripe's default tolerance).</summary>
    [Range(1, 3600)]
    public int WebhookToleranceSeconds { get; set; } = 300;

    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Stripe.net's own retries on network errors (with the same idempotency key).</summary>
    [Range(0, 5)]
    public int MaxNetworkRetries { get; set; } = 2;

    public bool UsesLocalTestCheckout => string.IsNullOrWhiteSpace(SecretKey);

    public string SigningSecret => WebhookSecret ?? "";
}
