using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Processes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace AnxiousToSecure.IntegrationTests.Faults;

/// <summary>The app with its Hangfire server (both queues, so the sweep too) on a cluster the test restarts.</summary>
public sealed class RestartedDatabaseAppFactory() : PrivateClusterAppFactory(portOffset: 0)
{
    protected override bool SendsAccountEmail => true;

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("Jobs:Queues:1", AnxiousToSecure.Web.Hosting.JobsOptions.DefaultQueue),
        new("Jobs:WorkerCount", "2"),
    ];
}

/// <summary>
/// PostgreSQL is stopped and started again under load (students reading, Stripe posting webhooks) while
/// the app keeps running: readiness reports the outage and recovers, webhooks refused during it succeed
/// when redelivered and are stored once, Hangfire and the sweep carry on, and no request hangs.
/// </summary>
[Trait("Category", "Faults")]
public sealed class PostgresRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Readers = 3;
    private const int Buyers = 8;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(30);

    private readonly RestartedDatabaseAppFactory app = new();
    private readonly ConcurrentBag<(string What, DateTime At, TimeSpan Took, int Status)> requests = [];

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    /// <param name="mode">Fast: an orderly restart (sessions ended, clean shutdown). Immediate: a crash, with WAL replay at the start.</param>
    [Theory]
    [InlineData(PostgresStop.Fast)]
    [InlineData(PostgresStop.Immediate)]
    public async Task The_app_rides_out_a_database_restart_under_load_and_loses_nothing(PostgresStop mode)
    {
        var lesson = CourseContentReader.ReadFolder(TestPaths.CourseContent).Modules.SelectMany(m => m.Lessons).First(l => l.ReleaseAfterDays == 0).Slug;
        var readers = new List<BrowserlessClient>();
        var readerAddresses = new List<string>();
        for (var i = 0; i < Readers; i++)
        {
            var (client, user) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow());
            readers.Add(client);
            readerAddresses.Add(user.Email!);
        }
        var events = new List<(string Id, string Json, string UserId)>();
        for (var i = 0; i < Buyers; i++)
        {
            var (client, user) = await app.SignInNewStudentAsync();
            var session = app.Stripe.Pay(await StartCheckoutAsync(client));
            var id = $"evt_restart_{i}";
            events.Add((id, FakeStripe.Event("checkout.session.completed", session, app.Clock.GetUtcNow(), id), user.Id));
        }
        using var health = app.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = app.ClientOptions.BaseAddress });

        using var stop = new CancellationTokenSource();
        var reading = readers.Select(r => Task.Run(() => ReadAsync(r, $"/learn/{lesson}", stop.Token))).ToList();
        // Stripe sends one event every 600 ms and redelivers each refused one until it is taken.
        var delivering = Task.Run(() => DeliverAsync(events, TimeSpan.FromMilliseconds(600)));

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var stoppedAt = DateTime.UtcNow;
        await app.Cluster.StopAsync(mode);
        var outageSeen = await PollReadyAsync(health, HttpStatusCode.ServiceUnavailable, Outage);
        var remaining = Outage - (DateTime.UtcNow - stoppedAt);
        if (remaining > TimeSpan.Zero) await Task.Delay(remaining);
        var startedAt = DateTime.UtcNow;
        await app.Cluster.StartAsync();
        var readyAgain = await PollReadyAsync(health, HttpStatusCode.OK, RecoveryLimit);
        var readersBackAt = await UntilAsync(() => requests.Any(r => r.What == "read" && r.At > startedAt && r.Status == 200), RecoveryLimit);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await stop.CancelAsync();
        await Task.WhenAll(reading);
        var webhookStatuses = await delivering;

        // Hangfire resumes: a lesson due after the restart is sent by a sweep it runs, and an account email goes out.
        var late = await app.CreateStudentAsync($"late{Guid.NewGuid():N}@example.com", app.Clock.GetUtcNow());
        app.Services.GetRequiredService<IDripSweepTrigger>().SweepSoon();
        var reset = readerAddresses[0];
        app.Services.GetRequiredService<IAccountEmailQueue>().Enqueue(new AccountEmailRequest(AccountEmailKind.PasswordReset, null, reset));
        var sweepWatch = Stopwatch.StartNew();
        await app.Mail.WaitForAsync(late.Email!, m => m.Subject == "Welcome: your course is open", timeoutSeconds: 30);
        await app.Mail.WaitForAsync(reset, m => m.Subject == "Reset your password", timeoutSeconds: 30);
        var jobsTook = sweepWatch.Elapsed;

        var outageRequests = requests.Where(r => r.At >= stoppedAt && r.At <= readyAgain.At).ToList();
        var worst = requests.Max(r => r.Took);
        var builder = new NpgsqlConnectionStringBuilder(app.Cluster.ConnectionString(PrivateClusterAppFactory.DatabaseName));
        // One request reaches PostgreSQL at most through one connection attempt and one command before it fails.
        var bound = TimeSpan.FromSeconds(builder.Timeout + builder.CommandTimeout);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{mode}: ready 503 after {(outageSeen.At - stoppedAt).TotalSeconds:F1} s; ready 200 {(readyAgain.At - startedAt).TotalSeconds:F1} s after the start; " +
            $"readers 200 again {(readersBackAt - startedAt).TotalSeconds:F1} s after it; jobs after the restart {jobsTook.TotalSeconds:F1} s; " +
            $"{requests.Count} requests, {outageRequests.Count} during the outage, worst {worst.TotalMilliseconds:F0} ms (bound {bound.TotalSeconds} s); " +
            $"webhook deliveries {webhookStatuses.Count}, refused {webhookStatuses.Count(s => s >= 500)}"));

        Assert.True(outageSeen.Seen, "/health/ready never answered 503 while PostgreSQL was down");
        Assert.True(readyAgain.Seen, $"/health/ready did not answer 200 within {RecoveryLimit.TotalSeconds} s of PostgreSQL starting");
        Assert.True(worst < bound, $"a request took {worst}, more than one connect and one command timeout ({bound})");
        Assert.Contains(webhookStatuses, s => s >= 500);
        Assert.DoesNotContain(webhookStatuses, s => s is >= 300 and < 500);

        // Stripe redelivers once more after the end: each event is a no-op the second time.
        foreach (var (_, json, _) in events) Assert.Equal("Duplicate", (await PostEventAsync(json)).Body);
        await using var db = app.CreateContext();
        var stored = await db.StripeEvents.AsNoTracking().ToListAsync();
        Assert.Equal(events.Select(e => e.Id).Order(), stored.Select(s => s.Id).Order());
        Assert.All(stored, s => Assert.Equal(StripeEventState.Processed, s.State));
        foreach (var (_, _, userId) in events)
        {
            Assert.Equal(EnrollmentStatus.Active, (await db.Enrollments.AsNoTracking().SingleAsync(e => e.UserId == userId)).Status);
            Assert.Equal(PaymentStatus.Paid, (await db.Payments.AsNoTracking().SingleAsync(p => p.UserId == userId)).Status);
        }
        // Nothing was sent twice: every message id arrived once.
        Assert.All(app.Mail.Messages.GroupBy(m => m.MessageId), g => Assert.Single(g));
    }

    private async Task ReadAsync(BrowserlessClient reader, string url, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var watch = Stopwatch.StartNew();
            int status;
            try
            {
                using var response = await reader.Http.GetAsync(url, CancellationToken.None);
                status = (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                status = 0;
            }
            requests.Add(("read", DateTime.UtcNow, watch.Elapsed, status));
            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>Posts each event in turn, redelivering a refused one every 300 ms (Stripe waits longer) until it is taken; every status seen.</summary>
    private async Task<List<int>> DeliverAsync(List<(string Id, string Json, string UserId)> events, TimeSpan spacing)
    {
        var statuses = new List<int>();
        var pending = new List<Task<List<int>>>();
        foreach (var (_, json, _) in events)
        {
            pending.Add(Task.Run(async () =>
            {
                var seen = new List<int>();
                var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
                while (true)
                {
                    var (status, _) = await PostEventAsync(json);
                    seen.Add(status);
                    if (status < 500 || DateTime.UtcNow > until) return seen;
                    await Task.Delay(300);
                }
            }));
            await Task.Delay(spacing);
        }
        foreach (var done in await Task.WhenAll(pending)) statuses.AddRange(done);
        return statuses;
    }

    private async Task<(int Status, string Body)> PostEventAsync(string json)
    {
        using var http = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = app.ClientOptions.BaseAddress });
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        content.Headers.Add("Stripe-Signature", FakeStripe.Sign(json, app.Clock.GetUtcNow()));
        var watch = Stopwatch.StartNew();
        using var response = await http.PostAsync("/stripe/webhook", content);
        var body = (await response.Content.ReadAsStringAsync()).Trim();
        requests.Add(("webhook", DateTime.UtcNow, watch.Elapsed, (int)response.StatusCode));
        return ((int)response.StatusCode, body);
    }

    private async Task<(bool Seen, DateTime At)> PollReadyAsync(HttpClient health, HttpStatusCode wanted, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            var watch = Stopwatch.StartNew();
            using var response = await health.GetAsync("/health/ready");
            requests.Add(("ready", DateTime.UtcNow, watch.Elapsed, (int)response.StatusCode));
            if (response.StatusCode == wanted) return (true, DateTime.UtcNow);
            await Task.Delay(100);
        }
        return (false, DateTime.UtcNow);
    }

    private static async Task<DateTime> UntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (!condition() && DateTime.UtcNow < until) await Task.Delay(50);
        return DateTime.UtcNow;
    }

    /// <summary>Presses "Enroll" on the course page; returns the Checkout Session the app created at the fake Stripe.</summary>
    private static async Task<string> StartCheckoutAsync(BrowserlessClient client)
    {
        var (_, page) = await client.GetAsync("/");
        var response = await client.SubmitAsync(page, "form#enroll", "/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        return location[(location.LastIndexOf('/') + 1)..];
    }
}
