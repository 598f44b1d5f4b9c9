using System.Net;
using AnxiousToSecure.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace AnxiousToSecure.IntegrationTests.Security;

/// <summary>Behind a TLS proxy at 10.0.0.1.</summary>
public sealed class BehindProxyAppFactory : AppFactory
{
    public const string Host = "courses.anxioustosecure.test";

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("AllowedHosts", $"localhost;{Host}"),
        new("Proxy:KnownProxies:0", "10.0.0.1"),
    ];
}

/// <summary>Forwarded headers are believed from the configured proxy alone.</summary>
[Trait("Category", "Security")]
public sealed class ForwardedHeadersTests(BehindProxyAppFactory app) : IClassFixture<BehindProxyAppFactory>
{
    [Fact]
    public async Task A_request_the_configured_proxy_received_over_https_is_treated_as_https_from_the_client()
    {
        var context = await ViaAsync(app.Server, "10.0.0.1");
        Assert.True(context.Request.IsHttps);
        Assert.Equal(IPAddress.Parse("203.0.113.7"), context.Connection.RemoteIpAddress);
    }

    [Fact]
    public async Task Another_caller_claiming_https_is_not_believed()
    {
        var context = await ViaAsync(app.Server, "10.0.0.2");
        Assert.False(context.Request.IsHttps);
        Assert.Equal(IPAddress.Parse("10.0.0.2"), context.Connection.RemoteIpAddress);
    }

    /// <summary>A plain-http request from <paramref name="caller"/> that says the client spoke https.</summary>
    internal static Task<HttpContext> ViaAsync(TestServer server, string caller) =>
        server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Scheme = "http";
            c.Request.Host = new HostString(BehindProxyAppFactory.Host);
            c.Request.Path = "/health/live";
            c.Connection.RemoteIpAddress = IPAddress.Parse(caller);
            c.Request.Headers["X-Forwarded-Proto"] = "https";
            c.Request.Headers["X-Forwarded-For"] = "203.0.113.7";
        });
}

/// <summary>Without a configured proxy nobody's forwarded headers count, not even loopback's (which the framework would trust).</summary>
[Trait("Category", "Security")]
public sealed class NoProxyTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Forwarded_headers_from_loopback_are_ignored_when_no_proxy_is_configured()
    {
        var response = await app.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Scheme = "http";
            c.Request.Host = new HostString("127.0.0.1");
            c.Request.Path = "/Account/Login";
            c.Connection.RemoteIpAddress = IPAddress.Loopback;
            c.Request.Headers["X-Forwarded-Proto"] = "https";
            c.Request.Headers["X-Forwarded-For"] = "203.0.113.7";
        });
        Assert.False(response.Request.IsHttps, "the forwarded scheme was believed");
        Assert.Equal(IPAddress.Loopback, response.Connection.RemoteIpAddress);
    }
}

/// <summary>Outside Development every cookie the app sets is Secure, host-only and named __Host-.</summary>
[Trait("Category", "Security")]
public sealed class CookieTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Every_cookie_of_sign_in_and_the_account_pages_is_Secure_and_host_prefixed()
    {
        var email = await app.CreateUserAsync(Core.Data.Roles.Student);
        var client = BrowserlessClient.Create(app);
        var setCookies = new List<string>();
        void Keep(HttpResponseMessage r)
        {
            if (r.Headers.TryGetValues("Set-Cookie", out var values)) setCookies.AddRange(values);
        }

        var (loginPage, login) = await client.GetAsync("/Account/Login");
        Keep(loginPage);
        var signedIn = await client.SubmitAsync(login, "form#account", "/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = AppFactory.Password });
        Keep(signedIn);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        // A status message travels in its own cookie.
        var withStatus = await client.Http.GetAsync("/Account/ConfirmEmailChange");
        Keep(withStatus);
        var (manage, _) = await client.GetAsync("/Account/Manage");
        Keep(manage);
        Assert.Equal(HttpStatusCode.OK, manage.StatusCode);

        var names = setCookies.Select(c => c.Split('=')[0]).Distinct().ToList();
        Assert.Contains("__Host-Identity.Application", names);
        Assert.Contains("__Host-Antiforgery", names);
        Assert.Contains("__Host-Identity.StatusMessage", names);
        Assert.All(setCookies, cookie =>
        {
            var attributes = cookie.Split(';').Select(a => a.Trim().ToLowerInvariant()).ToList();
            Assert.StartsWith("__Host-", cookie);
            Assert.Contains("secure", attributes);
            Assert.Contains("path=/", attributes);
            Assert.DoesNotContain(attributes, a => a.StartsWith("domain=", StringComparison.Ordinal));
        });
    }
}
