using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Observability;
using Hangfire;

namespace AnxiousToSecure.Core.Jobs;

/// <summary>The gentle return sweep as a recurring Hangfire job, a sibling of the drip sweep.</summary>
public sealed class GentleReturnJob(GentleReturnSweeper sweeper)
{
    public const string RecurringJobId = "gentle-return";

    /// <remarks>No Hangfire retries: a failed send is rescheduled on the enrollment, and the next sweep is the retry.</remarks>
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public Task<ReturnSweepResult> ExecuteAsync(CancellationToken ct) =>
        AppTelemetry.RunJobAsync("job gentle-return", async span =>
        {
            var result = await sweeper.ExecuteAsync(ct);
            span.SetTag("ats.return.sent", result.Sent);
            return result;
        });
}
