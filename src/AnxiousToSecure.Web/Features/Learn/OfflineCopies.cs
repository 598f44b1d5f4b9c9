using AnxiousToSecure.Web.Components.Shared;
using AnxiousToSecure.Core.Journal;

namespace AnxiousToSecure.Web.Features.Learn;

/// <summary>
/// The service worker (wwwroot/sw.js) keeps the pages she opens (her course, lessons, toolkit) for
/// reading offline, in a cache of her own. Every response to a signed-in request names that cache's
/// owner in <see cref="OwnerHeader"/>: the same opaque id as her reflection drafts'
/// (<see cref="JournalDrafts.Owner"/>), never her email or user id. A page answered with no owner
/// (signed out) or another owner (someone else signed in) makes the worker delete every other
/// owner's cache; signing out also asks the browser to clear the site's storage and caches
/// (<see cref="Journal.DraftClearing"/>), and the sign-out button's script deletes them first.
/// </summary>
public static class OfflineCopies
{
    public const string OwnerHeader = "X-Offline-Owner";

    public static IServiceCollection AddOfflineCopies(this IServiceCollection services) =>
        services.AddTransient<IStartupFilter, OwnerHeaderFilter>();

    /// <summary>Outside the whole pipeline, as the security headers are: an error page or a 404 she is sent names her too.</summary>
    private sealed class OwnerHeaderFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Response.OnStarting(() =>
                {
                    if (context.User.UserId() is { } userId) context.Response.Headers[OwnerHeader] = JournalDrafts.Owner(userId);
                    return Task.CompletedTask;
                });
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
