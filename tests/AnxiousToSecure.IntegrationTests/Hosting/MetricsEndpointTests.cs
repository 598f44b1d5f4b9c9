using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Observability;
using AnxiousToSecure.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Hosting;

/// <summary>
/// The app behind one trusted proxy (<see cref="Proxy"/>), whose X-Forwarded-For names the client, and
/// with one network allowed to scrape the metrics.
/// </summary>
public sealed class MetricsAppFactory : AppFactory
{
    public const string Proxy = "10.9.9.9";
    public const string ScrapeNetwork = "203.0.113.0/24";

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("Proxy:KnownProxies:0", Proxy),
        new("Observability:MetricsNetworks:0", ScrapeNetwork),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, FromProxy>());
    }

    /// <summary>A client whose requests come through the proxy on behalf of <paramref name="address"/>.</summary>
    public HttpClient ClientAt(string address)
    {
        var client = BrowserlessClient.Create(this).Http;
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    /// <summary>Every request arrives from the proxy's address (the test server has none of its own).</summary>
    private sealed class FromProxy : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(Proxy);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>The Prometheus scrape endpoint: only an admin with her second factor, or the configured network, reads it.</summary>
[Trait("Category", "Hosting")]
public sealed partial class MetricsEndpointTests(MetricsAppFactory app) : IClassFixture<MetricsAppFactory>
{
    private const string Path = "/metrics";

    [Fact]
    public async Task An_anonymous_visitor_gets_not_found()
    {
        var response = await BrowserlessClient.Create(app).Http.GetAsync(Path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("ats_", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(Roles.Student)]
    [InlineData(Roles.Instructor)]
    public async Task A_signed_in_user_who_is_not_an_admin_gets_not_found(string role)
    {
        var client = await app.SignInNewUserAsync(role);
        var response = await client.Http.GetAsync(Path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_admin_without_her_second_factor_gets_not_found()
    {
        var email = await app.CreateUserAsync(Roles.Admin, secondFactor: false);
        var client = BrowserlessClient.Create(app);
        await client.SignInAsync(email);
        var response = await client.Http.GetAsync(Path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_client_outside_the_configured_network_gets_not_found()
    {
        var response = await app.ClientAt("198.51.100.7").GetAsync(Path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_admin_with_her_second_factor_reads_the_metrics()
    {
        var client = await app.SignInNewUserAsync(Roles.Admin);
        // The gauge reports from its last count, read in the background; until the first one is read it has nothing to say.
        await app.Services.GetRequiredService<EmailBacklogGauge>().RefreshAsync();
        var response = await client.Http.GetAsync(Path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        // The app's own meter (its backlog gauge reports on every scrape once it has a count) and the standard resource description.
        Assert.Contains("ats_email_pending", text);
        Assert.Contains("target_info", text);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Request_metrics_are_kept_and_blazors_per_component_and_per_authorization_timings_are_not_recorded()
    {
        var client = await app.SignInNewUserAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("crisis")).StatusCode); // a page rendered with components and AuthorizeView
        var text = await (await client.Http.GetAsync(Path)).Content.ReadAsStringAsync();
        var series = text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').ToList();
        Assert.Contains(series, l => l.StartsWith("http_server_request_duration_seconds", StringComparison.Ordinal));
        Assert.DoesNotContain(series, l => l.StartsWith("aspnetcore_components_", StringComparison.Ordinal)
            && !l.StartsWith("aspnetcore_components_circuit", StringComparison.Ordinal));
        Assert.DoesNotContain(series, l => l.StartsWith("aspnetcore_authorization_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_configured_network_reads_the_metrics_and_sees_a_webhook_event_counted_by_type_and_outcome()
    {
        // A type of its own: every host in this test process shares the meter's name, and other tests post events too.
        var type = $"plan.probe{Guid.NewGuid():N}";
        var scraper = app.ClientAt("203.0.113.7");
        var before = WebhookEvents(await ScrapeAsync(scraper), type, "ignored");

        var json = FakeStripe.Event(type, FakeStripe.Fixture("event")["data"]!["object"]!.AsObject(), app.Clock.GetUtcNow());
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        content.Headers.Add("Stripe-Signature", FakeStripe.Sign(json, app.Clock.GetUtcNow()));
        var posted = await BrowserlessClient.Create(app).Http.PostAsync("/stripe/webhook", content);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        var after = WebhookEvents(await ScrapeAsync(scraper), type, "ignored");
        Assert.Equal(before + 1, after);
    }

    private static async Task<string> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync(Path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The value of <c>ats_webhook_events_total</c> with these labels (0 before the first).</summary>
    private static double WebhookEvents(string scrape, string type, string outcome) =>
        scrape.Split('\n')
            .Where(l => l.StartsWith("ats_webhook_events_total{", StringComparison.Ordinal)
                        && l.Contains($"type=\"{type}\"", StringComparison.Ordinal) && l.Contains($"outcome=\"{outcome}\"", StringComparison.Ordinal))
            .Select(l => double.Parse(Value().Match(l).Groups[1].Value, CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0)
            .Sum();

    [GeneratedRegex(@"\}\s+(\S+)")]
    private static partial Regex Value();
}
