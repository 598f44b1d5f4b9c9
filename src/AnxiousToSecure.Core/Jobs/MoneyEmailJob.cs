using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Observability;
using Hangfire;

namespace AnxiousToSecure.Core.Jobs;

/// <summary>
/// Sends one money email on the account email queue, with Hangfire's backoff; after the last try the job
/// stays in the dashboard's failed list (and is counted on the admin dashboard). Its arguments are the kind
/// and a record's id: never an address, an amount or a name.
/// </summary>
public sealed class MoneyEmailJob(MoneyEmails emails)
{
    [AutomaticRetry(Attempts = 10)]
    public Task SendAsync(MoneyEmailKind kind, string reference, CancellationToken ct) =>
        AppTelemetry.RunJobAsync("job money-email", ("ats.email.kind", kind.ToString()), () => emails.SendAsync(kind, reference, ct));
}

/// <summary>The money email queue on Hangfire's account email queue: each notice becomes one retried <see cref="MoneyEmailJob"/>.</summary>
public sealed class HangfireMoneyEmailQueue(IBackgroundJobClient jobs) : IMoneyEmailQueue
{
    public void Enqueue(MoneyEmailKind kind, string reference) =>
        jobs.Enqueue<MoneyEmailJob>(AccountEmailJob.Queue, j => j.SendAsync(kind, reference, CancellationToken.None));
}
