using System.Security.Claims;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Email;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Web.Features.Checkout;

/// <summary>Starting a payment plan after sign-in, and the card-update page the purchases page and the plan emails link to.</summary>
public static class PlanEndpoints
{
    /// <summary>Where "Pay monthly" leads a visitor once she has signed up, confirmed and signed in.</summary>
    public const string BeginPath = "/checkout/plan/begin";

    public static IEndpointRouteBuilder MapPlanEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(BeginPath, BeginAsync).RequireAuthorization();
        app.MapGet(PlanEmails.UpdateCardPath, UpdateCardAsync).RequireAuthorization();
        return app;
    }

    /// <summary>As <see cref="CheckoutEndpoints"/>: straight on to Stripe, but only for a request this site started.</summary>
    private static async Task<IResult> BeginAsync(HttpContext context, PlanCheckout checkout, CancellationToken ct)
    {
        var site = context.Request.Headers["Sec-Fetch-Site"].ToString();
        if (site is not ("" or "same-origin" or "none")) return TypedResults.Redirect("/#enroll");
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        try
        {
            var siteBase = new Uri($"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/");
            var start = await checkout.StartAsync(userId, siteBase, ct);
            return TypedResults.Redirect(start.AlreadyEnrolled ? "/learn" : start.RedirectUrl ?? "/#enroll");
        }
        catch (CheckoutUnavailableException)
        {
            return TypedResults.Redirect("/?checkout=unavailable#enroll");
        }
    }

    /// <summary>
    /// Makes a Stripe customer portal session for the signed-in student's plan now and sends her there; the address
    /// in an email is this one, never a portal session (those expire and are hers alone). She comes back to her purchases.
    /// </summary>
    private static async Task<IResult> UpdateCardAsync(HttpContext context, PlanCheckout checkout, IOptions<EmailOptions> email, CancellationToken ct)
    {
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        try
        {
            var page = await checkout.CardUpdatePageAsync(userId, email.Value.Link("/purchases"), ct);
            return TypedResults.Redirect(page?.ToString() ?? "/purchases?done=no-plan");
        }
        catch (PaymentGatewayException)
        {
            return TypedResults.Redirect("/purchases?done=card-unavailable");
        }
    }
}
