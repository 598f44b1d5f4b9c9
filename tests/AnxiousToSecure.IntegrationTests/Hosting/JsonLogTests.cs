using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AnxiousToSecure.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.IntegrationTests.Hosting;

/// <summary>
/// The app in Production. Beside its console it writes every line through the console's own JSON
/// formatter (as configured by the app, scopes and all) into memory, so a test reads the exact lines
/// the console would print without racing other tests for the process's standard output.
/// </summary>
public sealed class ProductionLogAppFactory : AppFactory
{
    public JsonLines Json { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        builder.ConfigureLogging(logging => logging.Services.AddSingleton<ILoggerProvider>(sp =>
            Json.Using(sp.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json))));
    }

    public sealed class JsonLines : ILoggerProvider, ISupportExternalScope
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> lines = new();
        private ConsoleFormatter? formatter;
        private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

        public IReadOnlyList<string> Lines => [.. lines];

        internal JsonLines Using(ConsoleFormatter json)
        {
            formatter = json;
            return this;
        }

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(JsonLines owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                using var writer = new StringWriter();
                owner.formatter!.Write(new Microsoft.Extensions.Logging.Abstractions.LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), owner.scopes, writer);
                owner.lines.Enqueue(writer.ToString());
            }
        }
    }
}

[Trait("Category", "Hosting")]
public sealed partial class JsonLogTests(ProductionLogAppFactory app) : IClassFixture<ProductionLogAppFactory>
{
    [Fact]
    public async Task In_production_the_console_writes_json_lines_that_carry_the_trace_id_of_their_request()
    {
        Assert.Equal(ConsoleFormatterNames.Json, app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);

        // A request that makes the app log a line of its own: a webhook with a bad signature.
        using var content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        content.Headers.Add("Stripe-Signature", "t=1,v1=0000");
        var response = await BrowserlessClient.Create(app).Http.PostAsync("/stripe/webhook", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        var line = app.Json.Lines.Single(l => l.Contains("Stripe webhook refused", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(line);
        Assert.Equal("Warning", json.RootElement.GetProperty("LogLevel").GetString());
        var scopes = json.RootElement.GetProperty("Scopes").EnumerateArray().ToList();
        var traceId = scopes.Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out _))
            .Select(s => s.GetProperty("TraceId").GetString()).FirstOrDefault();
        Assert.True(traceId is not null && TraceId().IsMatch(traceId) && traceId != new string('0', 32), $"no trace id in: {line}");
    }

    [Fact]
    public async Task A_background_job_line_carries_a_trace_id_of_its_own()
    {
        // A student with a lesson due, so the sweep has something to say.
        await app.CreateStudentAsync($"json{Guid.NewGuid():N}@example.com", app.Clock.GetUtcNow().AddDays(-1));
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<AnxiousToSecure.Core.Jobs.DripSweepJob>().ExecuteAsync(CancellationToken.None);
        }
        var line = app.Json.Lines.Last(l => l.Contains("Drip sweep:", StringComparison.Ordinal));
        Assert.Matches("\"TraceId\":\"[0-9a-f]{32}\"", line);
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TraceId();
}
