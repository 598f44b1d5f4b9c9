using System.Net;
using AnxiousToSecure.Core.Email;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Web.Hosting;

/// <summary>The reverse proxies (load balancer, TLS terminator) whose X-Forwarded-For and X-Forwarded-Proto the app believes.</summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>Addresses of the proxies, e.g. 10.0.0.5. Empty (with no networks): forwarded headers are ignored from everyone.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of the proxies in CIDR form, e.g. 10.0.0.0/8.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row may add themselves to X-Forwarded-For.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10)]
    public int ForwardLimit { get; set; } = 1;

    public bool TrustsAnyProxy => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}

/// <summary>
/// Where the app is reached: the hosts it answers to (<c>AllowedHosts</c>, any other Host gets 400), its public
/// address for links in email (https outside Development), and the proxies in front of it.
/// </summary>
public static class AppPublicAddress
{
    public static WebApplicationBuilder AddPublicAddress(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var development = builder.Environment.IsDevelopment();

        // The framework's host filter reads AllowedHosts (and treats a missing value as "*"): outside
        // Development a request naming a host of its choosing must be refused, not answered.
        services.AddOptions<HostFilteringOptions>()
            .Validate(o => development || (o.AllowedHosts.Count > 0 && !o.AllowedHosts.Contains("*")),
                "The setting 'AllowedHosts' (environment variable AllowedHosts) must list the site's host names, separated by ';' " +
                "(e.g. courses.example.com), not '*': outside Development a request for any other host is refused with 400.")
            .ValidateOnStart();

        services.AddOptions<EmailOptions>()
            .Validate(o => development || (Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps),
                "The setting 'Email:PublicBaseUrl' (environment variable Email__PublicBaseUrl) must be an https address outside Development " +
                "(e.g. https://courses.example.com): every link in an account email starts with it.");

        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProxyOptions>, ProxyOptionsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxies) =>
        {
            var o = proxies.Value;
            // Only what the proxy says about the client and the scheme; the Host stays the one the filter checked.
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = o.ForwardLimit;
            // The framework trusts loopback by default; here only the configured proxies are trusted.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var address in o.KnownProxies) forwarded.KnownProxies.Add(IPAddress.Parse(address.Trim()));
            foreach (var network in o.KnownNetworks) forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
        });
        return builder;
    }

    /// <summary>First in the pipeline: everything after it (HTTPS checks, cookies, logs, rate limits) sees the client's real scheme and address.</summary>
    public static WebApplication UsePublicAddress(this WebApplication app)
    {
        // With no known proxy the middleware would believe every caller, so without one it is not used at all.
        if (app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.TrustsAnyProxy)
        {
            app.UseForwardedHeaders();
        }
        return app;
    }

    private sealed class ProxyOptionsValidator : IValidateOptions<ProxyOptions>
    {
        public ValidateOptionsResult Validate(string? name, ProxyOptions options)
        {
            var problems = new List<string>();
            for (var i = 0; i < options.KnownProxies.Length; i++)
            {
                if (!IPAddress.TryParse(options.KnownProxies[i].Trim(), out _))
                {
                    problems.Add($"The setting 'Proxy:KnownProxies:{i}' (Proxy__KnownProxies__{i}) is '{options.KnownProxies[i]}', which is not an IP address.");
                }
            }
            for (var i = 0; i < options.KnownNetworks.Length; i++)
            {
                if (!System.Net.IPNetwork.TryParse(options.KnownNetworks[i].Trim(), out _))
                {
                    problems.Add($"The setting 'Proxy:KnownNetworks:{i}' (Proxy__KnownNetworks__{i}) is '{options.KnownNetworks[i]}', which is not a network in CIDR form (e.g. 10.0.0.0/8).");
                }
            }
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
