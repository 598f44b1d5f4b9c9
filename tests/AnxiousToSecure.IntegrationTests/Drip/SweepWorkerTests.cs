using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Email;
using AnxiousToSecure.Core.Jobs;
using AnxiousToSecure.TestSupport;
using Hangfire;
using Hangfire.Storage;
using AnxiousToSecure.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Drip;

/// <summary>Holds every lesson email at the SMTP step until the test lets go; account email passes straight through.</summary>
public sealed class HeldLessonEmail(IEmailTransport inner) : IEmailTransport
{
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int sending;
    private int mostAtOnce;

    public int MostAtOnce => Volatile.Read(ref mostAtOnce);

    public int Sending => Volatile.Read(ref sending);

    public void Release() => released.TrySetResult();

    public async Task SendAsync(EmailMessage email, CancellationToken ct = default)
    {
        if (email.MessageId.StartsWith("lessons-", StringComparison.Ordinal))
        {
            var now = Interlocked.Increment(ref sending);
            InterlockedMax(ref mostAtOnce, now);
            try
            {
                await released.Task.WaitAsync(ct);
            }
            finally
            {
                Interlocked.Decrement(ref sending);
            }
        }
        await inner.SendAsync(email, ct);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}

/// <summary>The app with its Hangfire servers on (both queues, the given sweep workers, one account email worker) and lesson email held at SMTP.</summary>
public sealed class HeldSweepAppFactory(int sweepWorkers) : AppFactory
{
    protected override bool SendsAccountEmail => true;

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("Jobs:Queues:1", JobsOptions.DefaultQueue),
        new("Jobs:WorkerCount", sweepWorkers.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Jobs:AccountEmailWorkers", "1"),
        // One email at a time per sweep, so a second sweep beside it would show as a second send at once.
        new("Drip:Parallelism", "1"),
        // The recurring sweep stays out of the way: the test starts sweeps itself.
        new("Drip:SweepCron", "0 0 1 1 *"),
    ];

    public HeldLessonEmail Held => Services.GetRequiredService<HeldLessonEmail>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.WrapEmailTransport((_, smtp) => new HeldLessonEmail(smtp)));
    }
}

/// <summary>
/// In one instance, overlapping sweeps never run side by side (a later one returns at once), and a
/// lesson-email backlog that keeps the sweep busy never delays account email: it has workers of its own.
/// </summary>
[Trait("Category", "Drip")]
public sealed class SweepWorkerTests
{
    private static async Task WithAppAsync(int sweepWorkers, Func<HeldSweepAppFactory, Task> test)
    {
        var app = new HeldSweepAppFactory(sweepWorkers);
        await app.InitializeAsync();
        try
        {
            await test(app);
        }
        finally
        {
            app.Held.Release();
            await app.DisposeAsync();
        }
    }

    private static IMonitoringApi Monitor(AppFactory app) => app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();

    private static void EnqueueSweeps(AppFactory app, int count)
    {
        var jobs = app.Services.GetRequiredService<IBackgroundJobClient>();
        for (var i = 0; i < count; i++) jobs.Enqueue<DripSweepJob>(s => s.ExecuteAsync(CancellationToken.None));
    }

    private static async Task WaitForAsync(AppFactory app, Func<bool> condition, string what, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"{what} did not happen within {seconds} s. Server errors: {app.Errors}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public Task A_sweep_started_while_another_runs_in_the_same_instance_returns_at_once_and_every_email_still_goes_out_once() => WithAppAsync(2, async app =>
    {
        // Each grant starts a sweep too, as a purchase does.
        var students = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            students.Add((await app.CreateStudentAsync($"s{Guid.NewGuid():N}@example.com", app.Clock.GetUtcNow())).Email!);
        }
        await WaitForAsync(app, () => app.Held.Sending == 1, "a sweep reaching its first email");
        // More sweeps, as the next minutes would start them: the second sweep worker takes each.
        EnqueueSweeps(app, 3);
        await WaitForAsync(app, () => Monitor(app).EnqueuedCount(JobsOptions.DefaultQueue) == 0 && Monitor(app).ProcessingCount() == 1,
            "every later sweep ending while the first one waits");
        Assert.Equal(1, app.Held.MostAtOnce);

        app.Held.Release();
        await WaitForAsync(app, () => Monitor(app).ProcessingCount() == 0 && students.All(s => app.Mail.To(s).Count > 0), "the first sweep sending the rest");
        foreach (var email in students) Assert.Single(app.Mail.To(email));
        Assert.Equal(1, app.Held.MostAtOnce);
    });

    [Fact]
    public Task Account_email_goes_out_while_a_lesson_email_backlog_holds_every_sweep_worker() => WithAppAsync(1, async app =>
    {
        await app.CreateStudentAsync($"s{Guid.NewGuid():N}@example.com", app.Clock.GetUtcNow());
        await app.CreateStudentAsync($"s{Guid.NewGuid():N}@example.com", app.Clock.GetUtcNow());
        await WaitForAsync(app, () => app.Held.Sending == 1, "the sweep reaching its first email");
        EnqueueSweeps(app, 3);

        // She forgot her password while the backlog is being sent.
        var email = await app.CreateUserAsync(Core.Data.Roles.Student);
        using (var scope = app.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<IAccountEmailQueue>()
                .Enqueue(new AccountEmailRequest(AccountEmailKind.PasswordReset, null, email));
        }
        var reset = await app.Mail.WaitForAsync(email, timeoutSeconds: 20);
        Assert.Contains("ResetPassword", reset.TextBody ?? reset.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(1, app.Held.Sending);
    });
}
