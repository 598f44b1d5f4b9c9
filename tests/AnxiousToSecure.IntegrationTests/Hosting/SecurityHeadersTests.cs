using System.Net;
using System.Text.RegularExpressions;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Hosting;

/// <summary>Every route in the app's endpoint table, asked signed out, as a student and as an admin, answers with the security headers.</summary>
[Trait("Category", "Security")]
public sealed partial class SecurityHeadersTests(AppFactory app) : IClassFixture<AppFactory>
{
    private sealed record Route(string Method, string Url, bool StaticAsset);

    /// <summary>One request per route pattern and method, its parameters filled with values of the right shape.</summary>
    private List<Route> Routes()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var routes = new List<Route>();
        foreach (var endpoint in endpoints)
        {
            var url = Parameter().Replace(endpoint.RoutePattern.RawText ?? "/", m => m.Groups["constraint"].Value switch
            {
                var c when c.Contains("int") => "1",
                var c when c.Contains("guid") => Guid.Empty.ToString(),
                _ => "x",
            });
            if (!url.StartsWith('/')) url = "/" + url;
            var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.FirstOrDefault() ?? HttpMethods.Get;
            routes.Add(new Route(method, url, endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null));
        }
        return [.. routes.DistinctBy(r => (r.Method, r.Url))];
    }

    [GeneratedRegex(@"\{\**(?<name>[^}:=?]+)(?<constraint>[^}]*)\}")]
    private static partial Regex Parameter();

    [Fact]
    public async Task Every_route_in_the_endpoint_table_sends_the_security_headers_signed_out_and_signed_in()
    {
        var routes = Routes();
        // The table holds the pages, the minimal endpoints, the static files and the jobs dashboard.
        Assert.Contains(routes, r => r.Url == "/Account/Login");
        Assert.Contains(routes, r => r.Url == "/stripe/webhook");
        Assert.Contains(routes, r => r.Url.StartsWith("/admin/jobs", StringComparison.Ordinal));
        Assert.Contains(routes, r => r.StaticAsset);

        var visitors = new (string Who, BrowserlessClient Client, bool SignedIn)[]
        {
            ("visitor", BrowserlessClient.Create(app), false),
            ("student", (await app.SignInNewStudentAsync(app.Clock.GetUtcNow())).Client, true),
            ("admin", await app.SignInNewUserAsync(Roles.Admin), true),
        };
        var problems = new List<string>();
        foreach (var (who, client, signedIn) in visitors)
        {
            foreach (var route in routes)
            {
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Url);
                // A body no endpoint accepts (a JSON one: a form without a token would first trip antiforgery).
                if (route.Method != HttpMethods.Get) request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                HttpResponseMessage response;
                try
                {
                    response = await client.Http.SendAsync(request);
                }
                catch (Exception e)
                {
                    problems.Add($"{who} {route.Method} {route.Url}: threw {e.GetType().Name} {e.Message}");
                    continue;
                }
                using var _ = response;
                foreach (var problem in ProblemsWith(response, signedIn && !route.StaticAsset))
                {
                    problems.Add($"{who} {route.Method} {route.Url} ({(int)response.StatusCode}): {problem}");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task The_jobs_dashboard_has_its_own_policy_that_still_forbids_framing_and_plugins()
    {
        var admin = await app.SignInNewUserAsync(Roles.Admin);
        using var response = await admin.Http.GetAsync("/admin/jobs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(ProblemsWith(response, signedIn: true));
    }

    [Fact]
    public async Task The_import_map_is_the_only_inline_script_and_the_policy_allows_it_by_its_hash()
    {
        using var response = await BrowserlessClient.Create(app).Http.GetAsync("/Account/Login");
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        var html = await response.Content.ReadAsStringAsync();
        var inline = Regex.Matches(html, "<script(?![^>]*\\bsrc=)[^>]*>(?<text>.*?)</script>", RegexOptions.Singleline).ToList();
        var importMap = Assert.Single(inline);
        Assert.Contains("type=\"importmap\"", importMap.Value);
        Assert.Contains(AnxiousToSecure.Web.Hosting.AppSecurityHeaders.HashSource(importMap.Groups["text"].Value), policy);
        Assert.DoesNotContain("'nonce-", policy);
        Assert.DoesNotContain(" style=\"", html);
    }

    private static IEnumerable<string> ProblemsWith(HttpResponseMessage response, bool signedIn)
    {
        string? Header(string name) =>
            response.Headers.TryGetValues(name, out var v) || response.Content.Headers.TryGetValues(name, out v) ? string.Join(", ", v) : null;

        var csp = Header("Content-Security-Policy");
        if (csp is null)
        {
            yield return "no Content-Security-Policy";
        }
        else
        {
            var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .ToDictionary(d => d.Split(' ')[0], d => d);
            foreach (var required in new[] { "default-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'" })
            {
                if (!directives.ContainsValue(required)) yield return $"CSP lacks {required}";
            }
            if (!directives.TryGetValue("form-action", out var formAction) || !formAction.StartsWith("form-action 'self'", StringComparison.Ordinal))
            {
                yield return "CSP lacks form-action 'self'";
            }
            var script = directives.GetValueOrDefault("script-src") ?? directives["default-src"];
            if (script.Contains("'unsafe-eval'")) yield return "script-src allows eval";
            var dashboard = response.RequestMessage!.RequestUri!.AbsolutePath.StartsWith("/admin/jobs", StringComparison.Ordinal);
            if (!dashboard && (script.Contains("'unsafe-inline'") || !script.Contains("'sha256-")))
            {
                yield return $"script-src must allow inline script only by hash: {script}";
            }
            if (!dashboard && (directives.GetValueOrDefault("style-src") ?? "").Contains("'unsafe-inline'")) yield return "style-src allows inline styles";
        }
        if (Header("X-Content-Type-Options") != "nosniff") yield return "no X-Content-Type-Options: nosniff";
        if (Header("Referrer-Policy") is not ("same-origin" or "no-referrer")) yield return $"Referrer-Policy is {Header("Referrer-Policy")}";
        if (string.IsNullOrEmpty(Header("Permissions-Policy"))) yield return "no Permissions-Policy";
        if (signedIn && Header("Cache-Control")?.Contains("no-store") != true) yield return $"signed in, but Cache-Control is {Header("Cache-Control")}";
    }
}

/// <summary>Outside Development, over HTTPS, browsers are told to use nothing else.</summary>
[Trait("Category", "Security")]
public sealed class StrictTransportSecurityTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Https_responses_outside_Development_carry_HSTS_for_a_year_with_subdomains()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        // Browsers ignore HSTS from localhost, and ASP.NET leaves it out there: ask as the public host would be asked.
        client.DefaultRequestHeaders.Host = new Uri(AppFactory.PublicBaseUrl).Host;
        using var response = await client.GetAsync("/Account/Login");
        var hsts = string.Join(",", response.Headers.GetValues("Strict-Transport-Security"));
        Assert.Contains("max-age=31536000", hsts);
        Assert.Contains("includeSubDomains", hsts);
    }
}
