using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Web.Hosting;

public sealed class SecurityHeadersOptions
{
    public const string Section = "SecurityHeaders";

    /// <summary>Where the enroll form's redirect goes (Stripe Checkout): the one other origin a form may reach.</summary>
    [Required, RegularExpression("^https://[a-z0-9.-]+(:[0-9]+)?$", ErrorMessage = "The setting 'SecurityHeaders:CheckoutOrigin' must be an https origin such as https://checkout.stripe.com.")]
    public string CheckoutOrigin { get; set; } = "https://checkout.stripe.com";
}

/// <summary>
/// The headers every response carries: a Content-Security-Policy allowing only what the app uses, no
/// sniffing, no framing, no referrer to other sites, no powerful browser features; HSTS outside
/// Development (<c>UseHsts</c> in AppPipeline); and <c>Cache-Control: no-store</c> on everything a
/// signed-in person is sent, so her pages and downloads stay out of shared and back-button caches.
/// </summary>
public static class AppSecurityHeaders
{
    /// <summary>Where Hangfire's dashboard lives (<see cref="AppJobs"/>); its pages get a policy of their own.</summary>
    private const string JobsDashboardPath = "/admin/jobs";

    /// <summary>
    /// Scripts: our files, plus the one inline script Blazor writes (the import map), by the hash of its
    /// text. A hash rather than a per-response nonce: the policy is the same for every response, so a page
    /// served from the output cache carries a policy that still allows the import map in its body.
    /// Forms post to the site itself, or are redirected to Stripe Checkout (form-action also covers that redirect).
    /// </summary>
    private static string AppPolicy(string importMapHashes, string checkoutOrigin) =>
        "default-src 'self'; " +
        $"script-src 'self' {importMapHashes}; " +
        "style-src 'self'; " +
        "img-src 'self'; " +
        "font-src 'self'; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        $"form-action 'self' {checkoutOrigin}; " +
        "frame-ancestors 'none'";

    /// <summary>Hangfire's dashboard (Admin only) writes inline styles and its own inline script, which it does not let us mark.</summary>
    private const string JobsDashboardPolicy =
        "default-src 'self'; " +
        "script-src 'self' 'unsafe-inline'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    private const string PermissionsPolicy =
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    public static IServiceCollection AddAppSecurityHeaders(this IServiceCollection services)
    {
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });
        services.AddOptions<SecurityHeadersOptions>().BindConfiguration(SecurityHeadersOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddTransient<IStartupFilter, SecurityHeadersFilter>();
        return services;
    }

    /// <summary>
    /// Outside the whole pipeline (a startup filter), before the routing and authorization that
    /// WebApplication puts first: a sign-in redirect, an error page, a 404 or a 429 carries the headers too.
    /// </summary>
    private sealed class SecurityHeadersFilter(IOptions<SecurityHeadersOptions> options) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            var services = app.ApplicationServices;
            // On the first request: the endpoints (and the import maps they carry) exist only once the app is built.
            var policy = new Lazy<string>(() => AppPolicy(ImportMapHashes(services.GetRequiredService<EndpointDataSource>()), options.Value.CheckoutOrigin));
            app.Use((context, nextMiddleware) => AddHeaders(context, nextMiddleware, policy));
            next(app);
        };
    }

    /// <summary>
    /// The CSP sources of the import maps the pages render (<c>&lt;ImportMap /&gt;</c> in App.razor writes the
    /// definition's JSON as the script's text): one map per build, from the static-asset manifest.
    /// </summary>
    internal static string ImportMapHashes(EndpointDataSource endpoints) => string.Join(' ', endpoints.Endpoints
        .Select(e => e.Metadata.GetMetadata<ImportMapDefinition>()?.ToString())
        .OfType<string>()
        .Distinct(StringComparer.Ordinal)
        .Select(HashSource)
        .DefaultIfEmpty(""));

    /// <summary>A CSP hash source for an inline script with exactly this text.</summary>
    public static string HashSource(string scriptText) => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(scriptText)))}'";

    private static Task AddHeaders(HttpContext context, RequestDelegate next, Lazy<string> appPolicy)
    {
        var policy = context.Request.Path.StartsWithSegments(JobsDashboardPath) ? JobsDashboardPolicy : appPolicy.Value;
        // When the response starts, not now: an error page clears the headers before it renders.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = PermissionsPolicy;
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (context.User.Identity?.IsAuthenticated == true && context.GetEndpoint()?.Metadata.GetMetadata<StaticAssetDescriptor>() is null)
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }
            return Task.CompletedTask;
        });
        return next(context);
    }
}
