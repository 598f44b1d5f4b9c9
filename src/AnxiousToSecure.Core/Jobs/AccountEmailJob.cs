using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Observability;
using Hangfire;

namespace AnxiousToSecure.Core.Jobs;

/// <summary>
/// Sends one account email in the background, on its own queue (so a sign-up never waits behind a drip
/// sweep), with Hangfire's backoff; after the last try the job stays in the dashboard's failed list.
/// Its arguments are the kind, the user id, an address and, for a notice, what changed and when, and for a confirmation the path on this site she goes on to: never a token or a link.
/// </summary>
public sealed class AccountEmailJob(AccountEmailDelivery delivery)
{
    public const string Queue = "account-email";

    /// <summary>Jobs queued before confirmations carried a return address (Hangfire finds a job's method by its parameters).</summary>
    [AutomaticRetry(Attempts = 10)]
    public Task SendAsync(AccountEmailKind kind, string? userId, string? address, CredentialChange? change, DateTimeOffset? at, CancellationToken ct) =>
        SendAsync(kind, userId, address, change, at, null, ct);

    [AutomaticRetry(Attempts = 10)]
    public Task SendAsync(AccountEmailKind kind, string? userId, string? address, CredentialChange? change, DateTimeOffset? at, string? returnUrl, CancellationToken ct) =>
        AppTelemetry.RunJobAsync("job account-email", ("ats.email.kind", kind.ToString()),
            () => delivery.SendAsync(new AccountEmailRequest(kind, userId, address, change, at, returnUrl), ct));
}

/// <summary>The account email queue on Hangfire: each request becomes one retried <see cref="AccountEmailJob"/>.</summary>
public sealed class HangfireAccountEmailQueue(IBackgroundJobClient jobs) : IAccountEmailQueue
{
    public void Enqueue(AccountEmailRequest request) =>
        jobs.Enqueue<AccountEmailJob>(AccountEmailJob.Queue, j => j.SendAsync(request.Kind, request.UserId, request.Address, request.Change, request.At, request.ReturnUrl, CancellationToken.None));
}
