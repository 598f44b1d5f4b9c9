using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Observability;
using Hangfire;

namespace AnxiousToSecure.Core.Jobs;

/// <summary>
/// Sends one payment plan email on the account email queue, with Hangfire's backoff. Its arguments are the kind and
/// our row's id: never an address, an amount or a link.
/// </summary>
public sealed class PlanEmailJob(PlanEmails emails)
{
    [AutomaticRetry(Attempts = 10)]
    public Task SendAsync(PlanEmailKind kind, Guid reference, CancellationToken ct) =>
        AppTelemetry.RunJobAsync("job plan-email", ("ats.email.kind", kind.ToString()), () => emails.SendAsync(kind, reference, ct));
}

/// <summary>Plan emails on Hangfire's account email queue: each becomes one retried <see cref="PlanEmailJob"/>, queued once the event that calls for it has committed (<see cref="MoneyNotices"/>).</summary>
public sealed class HangfirePlanEmailQueue(IBackgroundJobClient jobs) : IPlanEmailQueue
{
    public void Enqueue(PlanEmailKind kind, Guid reference) =>
        jobs.Enqueue<PlanEmailJob>(AccountEmailJob.Queue, j => j.SendAsync(kind, reference, CancellationToken.None));
}
