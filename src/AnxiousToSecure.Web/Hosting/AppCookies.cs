using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Web.Hosting;

/// <summary>
/// Cookie names and flags. Outside Development every cookie is <c>Secure</c> and named <c>__Host-...</c>: the
/// browser then keeps it only if it came over https, for the whole site (Path=/) and for this host alone
/// (no Domain), so neither a plain-http page nor a sibling subdomain can set or overwrite it.
/// </summary>
public sealed class CookieNames(bool hostPrefixed)
{
    public const string HostPrefix = "__Host-";

    public bool HostPrefixed { get; } = hostPrefixed;

    public string Name(string name) => HostPrefixed ? HostPrefix + name : name;

    /// <summary>Applies the rule to a cookie the app builds itself.</summary>
    public CookieBuilder Apply(CookieBuilder cookie, string name)
    {
        cookie.Name = Name(name);
        cookie.Path = "/";
        cookie.Domain = null;
        if (HostPrefixed) cookie.SecurePolicy = CookieSecurePolicy.Always;
        return cookie;
    }
}

public static class AppCookies
{
    public static WebApplicationBuilder AddSecureCookies(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var names = new CookieNames(hostPrefixed: !builder.Environment.IsDevelopment());
        services.AddSingleton(names);
        // Every cookie scheme, the Identity ones (sign-in, external, two-factor) and any added later.
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>>(new SchemeCookies(names));
        services.AddOptions<AntiforgeryOptions>().Configure(o => names.Apply(o.Cookie, "Antiforgery"));
        // The net under the rule: a cookie appended anywhere else is still Secure outside Development.
        services.AddOptions<CookiePolicyOptions>().Configure(o =>
        {
            o.Secure = names.HostPrefixed ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.HttpOnly = HttpOnlyPolicy.None;
        });
        return builder;
    }

    public static WebApplication UseSecureCookies(this WebApplication app)
    {
        app.UseCookiePolicy();
        return app;
    }

    private sealed class SchemeCookies(CookieNames names) : IPostConfigureOptions<CookieAuthenticationOptions>
    {
        public void PostConfigure(string? name, CookieAuthenticationOptions options) => names.Apply(options.Cookie, name ?? "Cookies");
    }
}
