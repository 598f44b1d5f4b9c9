using System.Security.Claims;
using AnxiousToSecure.Core.Checkout;

namespace AnxiousToSecure.Web.Features.Checkout;

public static class CheckoutEndpoints
{
    /// <summary>Where "Enroll" leads a visitor once she has signed up, confirmed and signed in.</summary>
    public const string BeginPath = "/checkout/begin";

    public static IEndpointRouteBuilder MapCheckoutEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(BeginPath, BeginAsync).RequireAuthorization();
        return app;
    }

    /// <summary>
    /// Straight on to Stripe's page (or her course, if she is enrolled already). A GET, because it is
    /// reached by the redirect after sign-in; a request another site started only gets the course
    /// page with its Enroll button, so no page elsewhere can open a checkout in her name.
    /// </summary>
    private static async Task<IResult> BeginAsync(HttpContext context, CourseCheckout checkout, CancellationToken ct)
    {
        var site = context.Request.Headers["Sec-Fetch-Site"].ToString();
        if (site is not ("" or "same-origin" or "none")) return TypedResults.Redirect("/#enroll");
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        try
        {
            var siteBase = new Uri($"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/");
            var start = await checkout.StartAsync(userId, siteBase, ct);
            return TypedResults.Redirect(start.AlreadyEnrolled ? "/learn" : start.RedirectUrl!);
        }
        catch (CheckoutUnavailableException)
        {
            return TypedResults.Redirect("/?checkout=unavailable#enroll");
        }
    }
}
