using AnxiousToSecure.Web.Components.Shared;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace AnxiousToSecure.Web.Features.Journal;

/// <summary>
/// Reflection drafts wait in the browser's storage (journal.js), and the pages she opened in the service
/// worker's cache (<see cref="Learn.OfflineCopies"/>). When someone signs in as another account than the
/// one the request came with, or signs out, the response asks the browser to clear the site's storage and
/// caches (<c>Clear-Site-Data: "cache", "storage"</c>: "storage" covers localStorage, the service worker
/// and its Cache Storage; "cache" the HTTP cache), so nothing of one person on a shared device is left for
/// the next. Refreshing her own sign-in (a profile change) clears nothing. Browsers without the header
/// (or that ignore part of it) are covered by the scripts: journal.js and offline.js clear at the sign-out
/// button, and the worker drops every other owner's pages at the first page it is sent.
/// </summary>
public static class DraftClearing
{
    public const string Header = "Clear-Site-Data";
    public const string Storage = "\"cache\", \"storage\"";

    public static IServiceCollection AddDraftClearing(this IServiceCollection services)
    {
        // After every other configuration of the sign-in cookie, and around whatever events it already has.
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, options =>
        {
            var signingIn = options.Events.OnSigningIn;
            options.Events.OnSigningIn = async context =>
            {
                await signingIn(context);
                if (context.Principal?.UserId() != context.HttpContext.User.UserId()) Clear(context.HttpContext);
            };
            var signingOut = options.Events.OnSigningOut;
            options.Events.OnSigningOut = async context =>
            {
                await signingOut(context);
                Clear(context.HttpContext);
            };
        });
        return services;
    }

    private static void Clear(HttpContext http) => http.Response.Headers[Header] = Storage;
}
