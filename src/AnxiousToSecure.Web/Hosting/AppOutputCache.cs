using System.ComponentModel.DataAnnotations;
using AnxiousToSecure.Core.Care;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Web.Features.Settings;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AnxiousToSecure.Web.Hosting;

public sealed class PageCacheOptions
{
    public const string Section = "PageCache";

    /// <summary>
    /// How long an anonymous page stays in the output cache at most. A content change evicts it at once
    /// (<see cref="PageOutputCache"/>); the lifetime only bounds a page that was being rendered from the
    /// old content while the change arrived.
    /// </summary>
    [Range(1, 3600)]
    public int Seconds { get; set; } = 10;
}

/// <summary>The output-cache policy names the pages use (<c>[OutputCache(PolicyName = ...)]</c>).</summary>
public static class OutputCachePolicies
{
    /// <summary>
    /// A page that is the same for every signed-out visitor: kept per query string (and Accept, so an
    /// enhanced-navigation fetch and a full load are kept apart), never for a signed-in request, never a
    /// response that sets a cookie (ASP.NET Core's default rules, which this policy keeps).
    /// </summary>
    public const string AnonymousPage = "anonymous-page";

    /// <summary>
    /// The crisis page: an anonymous page kept also per country it puts first (from the visitor's
    /// languages), not per raw Accept-Language, so the variants stay as few as the countries listed.
    /// </summary>
    public const string CrisisPage = "crisis-page";
}

/// <summary>The tags of cached entries.</summary>
public static class OutputCacheTags
{
    /// <summary>Pages that show course content (title, description, outline): evicted when the content changes.</summary>
    public const string Content = "content";
}

/// <summary>
/// Evicts the cached pages that show course content whenever the shared content changes: a write on this
/// instance or a notification from another (<see cref="ContentChanges"/>, raised after the content cache was dropped).
/// </summary>
public sealed class PageOutputCache(IOutputCacheStore store, ContentChanges changes, ILogger<PageOutputCache> log) : IHostedService
{
    public ValueTask EvictContentAsync(CancellationToken ct = default) => store.EvictByTagAsync(OutputCacheTags.Content, ct);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        changes.Changed += OnContentChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        changes.Changed -= OnContentChanged;
        return Task.CompletedTask;
    }

    private void OnContentChanged()
    {
        var eviction = EvictContentAsync();
        if (!eviction.IsCompletedSuccessfully) _ = ObserveAsync(eviction);
    }

    private async Task ObserveAsync(ValueTask eviction)
    {
        try
        {
            await eviction;
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Cached pages could not be evicted after a content change; they expire by themselves");
        }
    }
}

/// <summary>
/// Blazor issues the antiforgery cookie on every page a new visitor opens, before it knows whether the page
/// has a form, and a response that sets a cookie is never cached. These pages have no form for a signed-out
/// visitor, so that cookie (when it is the only one) is dropped from their response just before it starts:
/// the page can be stored, and no visitor is ever handed another's antiforgery cookie from the cache. The
/// first page with a form sets it. Registered at the start of the request, so it runs after the page's own
/// response-starting callbacks and before the cache decides (ASP.NET Core's default policy still refuses
/// any other cookie).
/// </summary>
internal sealed class WithoutUnusedAntiforgeryCookie(IOptions<AntiforgeryOptions> antiforgery) : IOutputCachePolicy
{
    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        // AllowCacheLookup is false for what the default policy never caches (a signed-in request, a POST).
        if (!context.AllowCacheLookup || antiforgery.Value.Cookie.Name is not { } name) return ValueTask.CompletedTask;
        var response = context.HttpContext.Response;
        response.OnStarting(() =>
        {
            var cookies = response.Headers.SetCookie;
            if (response.StatusCode == StatusCodes.Status200OK && cookies.Count > 0
                && cookies.All(c => c is not null && SetCookieHeaderValue.TryParse(c, out var cookie) && cookie.Name.Equals(name, StringComparison.Ordinal)))
            {
                response.Headers.Remove(HeaderNames.SetCookie);
                // Antiforgery marked the response no-store only because it issued that cookie. Without it the
                // page is the same for every signed-out visitor, and the service worker may keep it for offline
                // (sw.js keeps nothing marked no-store); the browser still asks again each time.
                response.Headers.CacheControl = "no-cache";
                response.Headers.Remove(HeaderNames.Pragma);
            }
            return Task.CompletedTask;
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;
}

/// <summary>Output caching of the pages every signed-out visitor shares (the course page, the crisis page).</summary>
public static class AppOutputCache
{
    public static WebApplicationBuilder AddAppOutputCache(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PageCacheOptions>().BindConfiguration(PageCacheOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var lifetime = TimeSpan.FromSeconds((builder.Configuration.GetSection(PageCacheOptions.Section).Get<PageCacheOptions>() ?? new()).Seconds);
        OutputCachePolicyBuilder Anonymous(OutputCachePolicyBuilder p) => p
            .Expire(lifetime)
            .SetVaryByQuery("*")
            .SetVaryByHeader("Accept")
            // Her theme and text size are painted by the server (ReadingEndpoints): one entry per choice, at most nine.
            .VaryByValue(http => new("reading", ReadingEndpoints.Read(http, http.RequestServices.GetRequiredService<CookieNames>()).ToCookie()))
            .Tag(OutputCacheTags.Content)
            .AddPolicy<WithoutUnusedAntiforgeryCookie>();
        builder.Services.AddOutputCache(o =>
        {
            o.AddPolicy(OutputCachePolicies.AnonymousPage, p => Anonymous(p));
            o.AddPolicy(OutputCachePolicies.CrisisPage, p => Anonymous(p).VaryByValue(http => new("country",
                http.RequestServices.GetRequiredService<CrisisDirectory>()
                    .CountryFor(http.Request.Query[CrisisDirectory.CountryParameter], http.Request.Headers.AcceptLanguage) ?? "")));
        });
        builder.Services.AddSingleton<PageOutputCache>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PageOutputCache>());
        return builder;
    }
}
