using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Observability;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace AnxiousToSecure.Core.Jobs;

/// <summary>The drip sweep as a Hangfire job, on a schedule (<see cref="RecurringJobId"/>) and on demand.</summary>
public sealed class DripSweepJob(DripSweeper sweeper, DripSweepGate gate, ILogger<DripSweepJob> log)
{
    /// <summary>The id of the recurring sweep in Hangfire's storage: kept, so a deploy updates the schedule instead of adding a second one.</summary>
    public const string RecurringJobId = "drip-sweep";

    /// <remarks>No Hangfire retries: the next scheduled sweep a minute later is the retry.</remarks>
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public Task<SweepResult> ExecuteAsync(CancellationToken ct) =>
        AppTelemetry.RunJobAsync("job drip-sweep", async span =>
        {
            if (await gate.RunAsync(() => sweeper.ExecuteAsync(ct)) is not { } result)
            {
                log.LogInformation("Drip sweep left to the one still running in this process, which sweeps again when it is done");
                return new SweepResult(0, 0, 0, 0, 0);
            }
            span.SetTag("ats.sweep.released", result.Released);
            span.SetTag("ats.sweep.sent", result.Sent);
            return result;
        });
}

/// <summary>Starts a drip sweep in the background, through Hangfire.</summary>
public sealed class HangfireDripSweepTrigger(IBackgroundJobClient jobs) : IDripSweepTrigger
{
    public void SweepSoon() => jobs.Enqueue<DripSweepJob>(s => s.ExecuteAsync(CancellationToken.None));
}
