using AnxiousToSecure.Web.Features.Admin;
using AnxiousToSecure.Web.Features.Author;
using AnxiousToSecure.Web.Features.Checkout;
using AnxiousToSecure.Web.Features.Journal;
using AnxiousToSecure.Web.Features.Settings;
using Microsoft.AspNetCore.Antiforgery;

namespace AnxiousToSecure.Web.Hosting;

public static class FormAntiforgery
{
    /// <summary>
    /// Every write in the group checks the antiforgery token, including endpoints that bind nothing
    /// from the form, and a failed check answers 400 with a sentence instead of an exception.
    /// </summary>
    public static RouteGroupBuilder RequireFormAntiforgery(this RouteGroupBuilder group) => group
        .WithMetadata(new RequireAntiforgeryTokenAttribute())
        .AddEndpointFilter(async (context, next) =>
            context.HttpContext.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false }
                ? TypedResults.Text("The form expired or did not come from this site. Reload the page and try again.", statusCode: StatusCodes.Status400BadRequest)
                : await next(context));
}
