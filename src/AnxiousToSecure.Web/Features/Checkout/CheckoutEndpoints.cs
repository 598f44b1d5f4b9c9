using System.Security.Claims;
using AnxiousToSecure.Core.Checkout;

namespace AnxiousToSecure.Web.Features.Checkout;

public static class CheckoutEndpoints
{
    /// <summary>Where "Enroll" leads a visitor once she has signed up, confirmed and signed in.</summary>
    public const string BeginPath = "/checkout/begin";

    /// <summary>The query parameter of a share link (<c>/?code=SPRING-20</c>), carried on to checkout.</summary>
    public const string CodeParameter = "code";

    /// <summary>Where sign-up and sign-in go on to: checkout, with the promotion code she came with, if any.</summary>
    public static string BeginWith(string? code) =>
        string.IsNullOrWhiteSpace(code) ? BeginPath : $"{BeginPath}?{CodeParameter}={Uri.EscapeDataString(code.Trim())}";

    /// <summary>The course page, showing the promotion code (or why it cannot be used) above Enroll.</summary>
    public static string CoursePageWith(string? code) =>
        string.IsNullOrWhiteSpace(code) ? "/#enroll" : $"/?{CodeParameter}={Uri.EscapeDataString(code.Trim())}#enroll";

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
        var code = context.Request.Query[CodeParameter].ToString();
        var site = context.Request.Headers["Sec-Fetch-Site"].ToString();
        if (site is not ("" or "same-origin" or "none")) return TypedResults.Redirect(CoursePageWith(code));
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        try
        {
            var siteBase = new Uri($"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/");
            var start = await checkout.StartAsync(userId, siteBase, code, ct);
            // A code that cannot be used: the course page says why, and offers Enroll at the full price.
            if (start.CodeProblem is not null) return TypedResults.Redirect(CoursePageWith(code));
            return TypedResults.Redirect(start.AlreadyEnrolled ? "/learn" : start.RedirectUrl!);
        }
        catch (CheckoutUnavailableException)
        {
            return TypedResults.Redirect("/?checkout=unavailable#enroll");
        }
    }
}
