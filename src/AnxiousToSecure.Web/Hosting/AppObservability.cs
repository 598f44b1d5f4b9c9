using System.Net;
using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Observability;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AnxiousToSecure.Web.Hosting;

/// <summary>The section <c>Observability</c>: who may read the metrics.</summary>
public sealed class ObservabilityOptions
{
    public const string Section = "Observability";

    /// <summary>Where Prometheus scrapes the metrics.</summary>
    public string MetricsPath { get; set; } = "/metrics";

    /// <summary>
    /// Networks (CIDR, e.g. 10.0.0.0/8) whose clients may read the metrics without signing in: the
    /// Prometheus server. The address is the client's as the app sees it (after the configured proxies).
    /// Empty: only an admin signed in with her second factor.
    /// </summary>
    public string[] MetricsNetworks { get; set; } = [];

    /// <summary>Read once at start, after validation.</summary>
    internal IReadOnlyList<IPNetwork> Networks => [.. MetricsNetworks.Select(n => IPNetwork.Parse(n.Trim()))];
}

/// <summary>
/// Seeing inside: OpenTelemetry traces (only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, so nothing
/// listens and nothing is recorded otherwise), metrics (a Prometheus scrape endpoint for an admin or the
/// configured networks, and OTLP when configured), and log lines as JSON outside Development, each with
/// the trace id of its request or job.
/// </summary>
public static class AppObservability
{
    /// <summary>The standard variable of the OpenTelemetry exporters (also read by them).</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// ASP.NET Core's meters the app reads: requests, Kestrel's connections, the Blazor hub's connections and
    /// circuits, routing, error handling, rate limiting, and Identity's sign-ins. Not those that
    /// <c>AddAspNetCoreInstrumentation()</c> would add besides on .NET 10: Blazor's per-component timing
    /// (<c>Components</c>, <c>Components.Lifecycle</c>: a measurement for every component's parameters and
    /// every render batch) and the per-call authentication and authorization timings, which together cost
    /// the reading pages a measured share of their time (bench/RESULTS.md) and answer no question of ours.
    /// </summary>
    public static readonly string[] AspNetCoreMeters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Components.Server.Circuits",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "Microsoft.AspNetCore.Identity",
    ];

    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ObservabilityOptions>().BindConfiguration(ObservabilityOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ObservabilityOptions>, ObservabilityOptionsValidator>();
        services.AddSingleton<EmailBacklogGauge>();
        services.AddSingleton<AppMetrics>();

        AddLogs(builder);

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(AppTelemetry.Name, serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(AppTelemetry.Name)
                    .AddMeter(AspNetCoreMeters) // request rate and latency (http.server.request.duration), ...
                    .AddHttpClientInstrumentation() // Stripe's calls (http.client.request.duration)
                    .AddNpgsqlInstrumentation(_ => { }) // the connection pool (db.client.connection.*)
                    // Read by one Prometheus and the odd admin: every scrape is fresh.
                    .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp) metrics.AddOtlpExporter();
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(AppTelemetry.Name) // SMTP sends and background jobs
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsPlumbing(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter());
        }
        return builder;
    }

    /// <summary>
    /// Development keeps the readable console. Elsewhere each line is one JSON object with its scopes,
    /// which carry the trace and span id of the request or job that wrote it. The framework's request
    /// lines are never written at all: their URL keeps the query string, where the confirmation and reset
    /// links carry their tokens (traces and metrics record the requests instead, query values redacted).
    /// </summary>
    private static void AddLogs(WebApplicationBuilder builder)
    {
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
    }

    private static bool IsPlumbing(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics") || path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_blazor");

    public static WebApplication MapObservability(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ObservabilityOptions>>().Value;
        var networks = options.Networks;
        app.MapPrometheusScrapingEndpoint(options.MetricsPath, null, branch => branch.Use(async (context, next) =>
        {
            if (!MayReadMetrics(context, networks))
            {
                // As if there were nothing here: the endpoint is not advertised to those who may not read it.
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            // Metrics are the operator's, not for a shared cache.
            context.Response.Headers.CacheControl = "no-store";
            await next(context);
        }), null);
        return app;
    }

    /// <summary>An admin whose session has its second factor (as every staff page requires), or a client on a configured network.</summary>
    internal static bool MayReadMetrics(HttpContext context, IReadOnlyList<IPNetwork> networks)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true && user.IsInRole(Roles.Admin) && SessionRules.HasSecondFactor(user)) return true;
        if (context.Connection.RemoteIpAddress is not { } address || networks.Count == 0) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        foreach (var network in networks)
        {
            if (network.Contains(address)) return true;
        }
        return false;
    }

    private sealed class ObservabilityOptionsValidator : IValidateOptions<ObservabilityOptions>
    {
        public ValidateOptionsResult Validate(string? name, ObservabilityOptions options)
        {
            var problems = new List<string>();
            if (!options.MetricsPath.StartsWith('/') || options.MetricsPath.Length < 2)
            {
                problems.Add($"The setting 'Observability:MetricsPath' (Observability__MetricsPath) is '{options.MetricsPath}': it must be a path such as /metrics.");
            }
            for (var i = 0; i < options.MetricsNetworks.Length; i++)
            {
                if (!IPNetwork.TryParse(options.MetricsNetworks[i].Trim(), out _))
                {
                    problems.Add($"The setting 'Observability:MetricsNetworks:{i}' (Observability__MetricsNetworks__{i}) is '{options.MetricsNetworks[i]}', which is not a network in CIDR form (e.g. 10.0.0.0/8).");
                }
            }
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
