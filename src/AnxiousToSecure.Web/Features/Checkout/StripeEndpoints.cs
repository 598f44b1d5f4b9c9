using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Stripe;
using AnxiousToSecure.Web.Features.Admin;
using AnxiousToSecure.Web.Features.Author;
using AnxiousToSecure.Web.Features.Journal;
using AnxiousToSecure.Web.Features.Settings;
using AnxiousToSecure.Web.Hosting;

namespace AnxiousToSecure.Web.Features.Checkout;

public static class StripeEndpoints
{
    public static IEndpointRouteBuilder MapStripeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/stripe/webhook", ReceiveAsync).DisableAntiforgery().AllowAnonymous();
        return app;
    }

    /// <summary>
    /// 2xx for anything stored (processed, duplicate, ignored, waiting for its payment, or failed for
    /// good and shown to admins); 400 for a bad signature, stale timestamp or unreadable body, with
    /// nothing stored; a database failure escapes as 500, so Stripe delivers the event again.
    /// </summary>
    private static async Task<IResult> ReceiveAsync(HttpRequest request, StripeWebhookHandler webhooks, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync(ct);
        var outcome = await webhooks.ReceiveAsync(json, request.Headers["Stripe-Signature"], ct);
        return outcome switch
        {
            WebhookOutcome.BadSignature => TypedResults.Text("Signature or timestamp not valid.\n", statusCode: StatusCodes.Status400BadRequest),
            WebhookOutcome.Malformed => TypedResults.Text("Event body not readable.\n", statusCode: StatusCodes.Status400BadRequest),
            _ => TypedResults.Text($"{outcome}\n"),
        };
    }
}
