using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.TestSupport;
using Npgsql;
using Xunit.Abstractions;

namespace AnxiousToSecure.IntegrationTests.Faults;

/// <summary>The app with short database timeouts, so that a hung server runs into them within the test.</summary>
public sealed class ShortDatabaseTimeoutAppFactory() : PrivateClusterAppFactory(portOffset: 4)
{
    public const int ConnectSeconds = 3;
    public const int CommandSeconds = 5;

    /// <summary>Npgsql's default: after the command timeout it asks the server to cancel and waits this long for it.</summary>
    public const int CancellationMilliseconds = 2000;

    /// <summary>
    /// The longest a request can wait on a hung server: opening a connection (connect timeout), one command
    /// (command timeout), then Npgsql's cancel request (a new connection: the connect timeout again, and the
    /// cancellation timeout) before it breaks the connection; one second for the rest of the request.
    /// </summary>
    public static TimeSpan WorstRequest => TimeSpan.FromSeconds(2 * ConnectSeconds + CommandSeconds + 1) + TimeSpan.FromMilliseconds(CancellationMilliseconds);

    protected override string Tuned(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString)
        {
            Timeout = ConnectSeconds, CommandTimeout = CommandSeconds, CancellationTimeout = CancellationMilliseconds,
        }.ConnectionString;
}

/// <summary>
/// PostgreSQL hangs (every process frozen with SIGSTOP: connections are accepted and never answered, the
/// worst kind of outage for timeouts). Every request still ends within its timeouts (see
/// <see cref="ShortDatabaseTimeoutAppFactory.WorstRequest"/>), readiness reports it, and everything works again once the server thaws. About 30 s, so
/// it runs from scripts/bench faults (Category=FaultsLong, ATS_FAULTS_LONG=1), not in CI.
/// </summary>
[Trait("Category", "FaultsLong")]
public sealed class HungDatabaseTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Frozen = TimeSpan.FromSeconds(16);
    private readonly ShortDatabaseTimeoutAppFactory app = new();
    private readonly ConcurrentBag<(string What, DateTime At, TimeSpan Took, int Status)> requests = [];

    public Task InitializeAsync() => app.InitializeAsync();

    public async Task DisposeAsync()
    {
        await app.Cluster.ThawAsync();
        await app.DisposeAsync();
    }

    [LongFaultFact]
    public async Task Requests_to_a_hung_database_end_within_their_timeouts_and_the_app_recovers_when_it_answers_again()
    {
        var lesson = CourseContentReader.ReadFolder(TestPaths.CourseContent).Modules.SelectMany(m => m.Lessons).First(l => l.ReleaseAfterDays == 0).Slug;
        var readers = new List<BrowserlessClient>();
        for (var i = 0; i < 3; i++) readers.Add((await app.SignInNewStudentAsync(app.Clock.GetUtcNow())).Client);
        using var health = app.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = app.ClientOptions.BaseAddress });

        using var stop = new CancellationTokenSource();
        var reading = readers.Select(r => Task.Run(() => LoopAsync("read", r.Http, $"/learn/{lesson}", stop.Token))).ToList();
        reading.Add(Task.Run(() => LoopAsync("ready", health, "/health/ready", stop.Token)));
        await Task.Delay(1500);
        var frozenAt = DateTime.UtcNow;
        await app.Cluster.FreezeAsync();
        await Task.Delay(Frozen);
        var thawedAt = DateTime.UtcNow;
        await app.Cluster.ThawAsync();
        var deadline = thawedAt.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !requests.Any(r => r.What == "ready" && r.At > thawedAt && r.Status == 200)) await Task.Delay(100);
        var readyAt = requests.Where(r => r.What == "ready" && r.At > thawedAt && r.Status == 200).Select(r => r.At).DefaultIfEmpty(DateTime.MaxValue).Min();
        await Task.Delay(1000);
        await stop.CancelAsync();
        await Task.WhenAll(reading);

        var bound = ShortDatabaseTimeoutAppFactory.WorstRequest;
        var during = requests.Where(r => r.At > frozenAt && r.At - r.Took < thawedAt).ToList();
        var worst = requests.MaxBy(r => r.Took);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"frozen {Frozen.TotalSeconds} s: {during.Count} requests during it (statuses {string.Join(",", during.GroupBy(r => r.Status).Select(g => $"{g.Key}x{g.Count()}"))}); " +
            $"worst {worst.What} {worst.Took.TotalSeconds:F1} s (bound {bound.TotalSeconds} s); ready 200 {(readyAt - thawedAt).TotalSeconds:F1} s after the thaw"));

        Assert.Contains(during, r => r.What == "ready" && r.Status == 503);
        Assert.True(readyAt < deadline, "/health/ready did not answer 200 within 30 s of the server answering again");
        Assert.True(worst.Took < bound, $"a {worst.What} request took {worst.Took}, more than its timeouts allow ({bound})");
        Assert.Contains(requests, r => r.What == "read" && r.At > readyAt && r.Status == 200);
    }

    private async Task LoopAsync(string what, HttpClient http, string url, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var watch = Stopwatch.StartNew();
            int status;
            try
            {
                using var response = await http.GetAsync(url, CancellationToken.None);
                status = (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                status = 0;
            }
            requests.Add((what, DateTime.UtcNow, watch.Elapsed, status));
            await Task.Delay(200, CancellationToken.None);
        }
    }
}
