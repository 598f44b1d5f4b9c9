using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Jobs;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Settings;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Web.Hosting;

public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>
    /// Run Hangfire servers (and schedule the recurring drip sweep) in this process. Every instance may run
    /// them: Hangfire hands each job to one worker, the sweep's claims never overlap. Off: this instance
    /// only serves requests (and enqueues jobs for the others); tests and tools turn it off.
    /// </summary>
    public bool RunServer { get; set; } = true;

    /// <summary>Hangfire keeps its tables in this PostgreSQL schema, apart from the app's.</summary>
    public string Schema { get; set; } = "hangfire";

    /// <summary>Workers of the <see cref="DefaultQueue"/> (the drip sweep; one sweep at a time runs, see DripSweepGate).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 64)]
    public int WorkerCount { get; set; } = 2;

    /// <summary>
    /// Hangfire's own connection pool (its connections are named <see cref="DatabaseConnection.JobsApplicationName"/>):
    /// workers, heartbeat, schedulers and the LISTEN of long polling, apart from the pages' pool.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(2, 100)]
    public int MaxPoolSize { get; set; } = 10;

    /// <summary>
    /// Workers of the account email queue, in a Hangfire server of its own: however long a lesson-email
    /// backlog keeps the sweep busy, a confirmation or reset link never waits for a worker it holds.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 64)]
    public int AccountEmailWorkers { get; set; } = 1;

    public const string DefaultQueue = "default";

    /// <summary>
    /// The queues this process serves, in order; empty: account email, then the rest (the drip sweep). Tests
    /// serve account email alone, and then the recurring sweep is not scheduled.
    /// </summary>
    public string[] Queues { get; set; } = [];

    public string[] ServedQueues => Queues.Length > 0 ? Queues : [AccountEmailJob.Queue, DefaultQueue];

    public bool RunsDrip => RunServer && ServedQueues.Contains(DefaultQueue);
}

/// <summary>Hangfire on PostgreSQL: the drip sweep on a schedule, account email, the dashboard for admins.</summary>
public static class AppJobs
{
    public static WebApplicationBuilder AddAppJobs(this WebApplicationBuilder builder, string connectionString)
    {
        var services = builder.Services;
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Queues.All(q => q is AccountEmailJob.Queue or JobsOptions.DefaultQueue),
                $"The setting 'Jobs:Queues' (Jobs__Queues__0, ...) may name only '{AccountEmailJob.Queue}' and '{JobsOptions.DefaultQueue}'.")
            .ValidateOnStart();
        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();

        // The job adapters: Hangfire's attributes and client stay in Core/Jobs, the rules see plain ports.
        services.AddTransient<DripSweepJob>();
        services.AddTransient<GentleReturnJob>();
        services.AddTransient<GiftDeliveryJob>();
        services.AddTransient<AccountEmailJob>();
        services.AddSingleton<IDripSweepTrigger, HangfireDripSweepTrigger>();
        services.AddSingleton<IAccountEmailQueue, HangfireAccountEmailQueue>();
        services.AddTransient<MoneyEmailJob>();
        services.AddSingleton<AnxiousToSecure.Core.Checkout.IMoneyEmailQueue, HangfireMoneyEmailQueue>();
        services.AddSingleton<AnxiousToSecure.Core.Accounts.IPendingJobs, HangfirePendingJobs>();
        services.AddSingleton<AnxiousToSecure.Core.Accounts.IAccountEmailBacklog, HangfireAccountEmailBacklog>();
        services.AddSingleton<IDripSweepLog, HangfireDripSweepLog>();

        var storageOptions = new PostgreSqlStorageOptions
        {
            SchemaName = jobs.Schema,
            PrepareSchemaIfNecessary = true,
            // LISTEN/NOTIFY: an enqueued job (a new student's welcome email) starts at once, not at the next poll.
            EnableLongPolling = true,
        };
        // This host's own storage: Hangfire's default registration hands out the process-wide
        // JobStorage.Current, which is the last host's when several share a process.
        services.AddSingleton<JobStorage>(_ => new PostgreSqlStorage(
            new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(DatabaseConnection.ForJobs(connectionString, jobs.MaxPoolSize), storageOptions, null),
            storageOptions));
        services.AddHangfire((provider, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseLogProvider(new HostLogProvider(provider.GetRequiredService<ILoggerFactory>()))
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(provider.GetRequiredService<JobStorage>()));
        if (jobs.RunsDrip) services.AddHostedService<DripSweepSchedule>();
        services.AddSingleton<DripSweepGate>();
        if (jobs.RunServer)
        {
            // One server per queue, each with its own workers: a worker of one never takes the other's jobs.
            if (jobs.ServedQueues.Contains(AccountEmailJob.Queue)) AddServer(services, AccountEmailJob.Queue, jobs.AccountEmailWorkers);
            if (jobs.ServedQueues.Contains(JobsOptions.DefaultQueue)) AddServer(services, JobsOptions.DefaultQueue, jobs.WorkerCount);
        }
        return builder;
    }

    private static void AddServer(IServiceCollection services, string queue, int workers) =>
        services.AddHangfireServer((provider, o) =>
        {
            // This host's own services for the jobs: Hangfire's default activator is process-wide, so with
            // several hosts in one process (the tests) a job could run with another host's mail server.
            o.Activator = new Hangfire.AspNetCore.AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>());
            o.WorkerCount = workers;
            o.Queues = [queue];
            o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:{queue}";
        });

    public static WebApplication MapAppJobs(this WebApplication app)
    {
        app.MapHangfireDashboard("/admin/jobs", new DashboardOptions
            {
                DashboardTitle = "Background jobs",
                AppPath = "/admin",
                Authorization = [new AdminOnlyDashboardFilter()],
                // Lets an admin see the queue without a red "retry all" button sitting under a thumb.
                DisplayStorageConnectionString = false,
            })
            .RequireAuthorization(p => p.RequireRole(Roles.Admin));

        return app;
    }

    /// <summary>
    /// Schedules the recurring drip sweep once the host is running rather than before it starts: its round
    /// trips to Hangfire's storage do not hold up the first request. Retries while the database is away.
    /// </summary>
    private sealed class DripSweepSchedule(
        IRecurringJobManager jobs, IOptions<DripOptions> drip, IOptions<GentleReturnOptions> gentle, IOptions<AnxiousToSecure.Core.Checkout.GiftOptions> gifts, ILogger<DripSweepSchedule> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    jobs.AddOrUpdate<DripSweepJob>(DripSweepJob.RecurringJobId, s => s.ExecuteAsync(CancellationToken.None), drip.Value.SweepCron);
                    jobs.AddOrUpdate<GentleReturnJob>(GentleReturnJob.RecurringJobId, s => s.ExecuteAsync(CancellationToken.None), gentle.Value.SweepCron);
                    jobs.AddOrUpdate<GiftDeliveryJob>(GiftDeliveryJob.RecurringJobId, s => s.ExecuteAsync(CancellationToken.None), gifts.Value.SweepCron);
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Could not schedule the drip sweep yet; trying again in 30 seconds");
                    await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken);
                }
            }
        }
    }

    /// <summary>
    /// Hangfire keeps its log provider in a static. When several hosts share a process (the tests) and
    /// one stops, the others must not fail on its disposed logger factory: they log nothing instead.
    /// </summary>
    private sealed class HostLogProvider(ILoggerFactory factory) : Hangfire.Logging.ILogProvider
    {
        private readonly Hangfire.AspNetCore.AspNetCoreLogProvider inner = new(factory);

        public Hangfire.Logging.ILog GetLogger(string name)
        {
            try
            {
                return inner.GetLogger(name);
            }
            catch (ObjectDisposedException)
            {
                return new Silent();
            }
        }

        private sealed class Silent : Hangfire.Logging.ILog
        {
            public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
        }
    }

    /// <summary>The endpoint already requires the Admin role; the dashboard checks again on its own requests.</summary>
    private sealed class AdminOnlyDashboardFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
    }
}
