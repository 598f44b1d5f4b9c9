using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.LocalTestCheckout;
using AnxiousToSecure.Core.Stripe;
using Microsoft.Extensions.Options;
using Stripe;

namespace AnxiousToSecure.Web.Hosting;

/// <summary>Stripe: one client for the app, or the local test checkout in Development without keys.</summary>
public static class AppCheckout
{
    public static WebApplicationBuilder AddCheckout(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var development = builder.Environment.IsDevelopment();
        services.AddOptions<StripeOptions>().BindConfiguration(StripeOptions.Section).ValidateDataAnnotations()
            .Validate(o => development || !string.IsNullOrWhiteSpace(o.SecretKey),
                "The setting 'Stripe:SecretKey' (environment variable Stripe__SecretKey) is missing: outside Development the app sells through Stripe.")
            .Validate(o => o.UsesLocalTestCheckout || !string.IsNullOrWhiteSpace(o.WebhookSecret),
                "The setting 'Stripe:WebhookSecret' (environment variable Stripe__WebhookSecret) is missing: Stripe's events cannot be verified without it.")
            .ValidateOnStart();

        var keyed = !string.IsNullOrWhiteSpace(builder.Configuration[$"{StripeOptions.Section}:SecretKey"]);
        if (keyed || !development)
        {
            services.AddSingleton(sp =>
            {
                var o = sp.GetRequiredService<IOptions<StripeOptions>>().Value;
                var http = new HttpClient { Timeout = TimeSpan.FromSeconds(o.TimeoutSeconds) };
                return new StripeClient(new StripeClientOptions
                {
                    ApiKey = o.SecretKey,
                    ApiBase = string.IsNullOrWhiteSpace(o.ApiBase) ? StripeClient.DefaultApiBase : o.ApiBase,
                    HttpClient = new SystemNetHttpClient(http, o.MaxNetworkRetries, appInfo: null, enableTelemetry: false),
                });
            });
            services.AddSingleton<IPaymentGateway, StripePaymentGateway>();
        }
        else
        {
            // The local test checkout exists only here: production code never chooses it.
            services.AddSingleton<IPaymentGateway, LocalTestPaymentGateway>();
            services.AddScoped<LocalTestPurchase>();
            services.AddSingleton<LocalTestWebhookSecret>();
            services.AddOptions<StripeOptions>().PostConfigure<LocalTestWebhookSecret>((o, secret) =>
            {
                if (string.IsNullOrWhiteSpace(o.WebhookSecret)) o.WebhookSecret = secret.Value;
            });
        }

        services.AddSingleton<IPaymentEventReader, StripeEventReader>();
        services.AddPaymentPlans(localTestCheckout: !(keyed || !development));

        services.AddScoped<Fulfilment>();
        services.AddScoped<PaymentAccess>();
        services.AddScoped<RefundLedger>();
        services.AddScoped<RefundRequests>();
        services.AddScoped<DisputeLedger>();
        services.AddScoped<StripeWebhookHandler>();
        services.AddScoped<RefundProcessor>();
        services.AddScoped<CourseCheckout>();
        services.AddScoped<PurchaseHistory>();
        services.AddOptions<GiftOptions>().BindConfiguration(GiftOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<GiftCheckout>();
        services.AddScoped<GiftRedemption>();
        services.AddSingleton<GiftEmails>();
        services.AddTransient<GiftDeliverySweeper>();
        services.AddScoped<PromotionCodes>();
        services.AddScoped<Receipts>();
        services.AddScoped<MoneyNotices>();
        services.AddScoped<MoneyEmails>();
        services.AddSingleton<TaxNote>();
        return builder;
    }
}
