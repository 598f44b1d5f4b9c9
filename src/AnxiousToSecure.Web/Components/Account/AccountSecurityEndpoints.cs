using System.Security.Claims;
using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace AnxiousToSecure.Web.Components.Account;

public static class AccountSecurityEndpoints
{
    /// <summary>Where a sign-in lands (<see cref="SignInLanding"/>); and "sign out everywhere": every session of hers ends (within a minute on other devices), this one at once.</summary>
    public static IEndpointRouteBuilder MapAccountSecurityEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(SignInLanding.Path, async (HttpContext context, [FromServices] SignInLanding landing, CancellationToken ct) =>
            Results.Redirect(await landing.PathForAsync(context.User.FindFirstValue(ClaimTypes.NameIdentifier)!, context.User.IsInRole, ct)))
            .RequireAuthorization();
        var manage = app.MapGroup("/Account/Manage").RequireAuthorization().RequireFormAntiforgery();
        manage.MapPost("/SignOutEverywhere", async (HttpContext context, [FromServices] UserManager<ApplicationUser> users, [FromServices] SecureSignInManager signIn) =>
        {
            if (await users.GetUserAsync(context.User) is not { } user) return Results.Redirect("/Account/Login");
            await signIn.SignOutEverywhereAsync(user);
            return Results.Redirect("/Account/Login?signedOut=everywhere");
        });
        return app;
    }
}
