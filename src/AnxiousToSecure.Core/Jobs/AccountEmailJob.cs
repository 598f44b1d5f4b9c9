using AnxiousToSecure.Core.Accounts;
using Hangfire;

namespace AnxiousToSecure.Core.Jobs;

/// <summary>
/// Sends one account email in the background, on its own queue (so a sign-up never waits behind a drip
/// sweep), with Hangfire's backoff; after the last try the job stays in the dashboard's failed list.
/// Its arguments are the kind, the user id, an address and, for a notice, what changed and when: never a token or a link.
/// </summary>
public sealed class AccountEmailJob(AccountEmailDelivery delivery)
{
    public const string Queue = "account-email";

    [AutomaticRetry(Attempts = 10)]
    public Task SendAsync(AccountEmailKind kind, string? userId, string? address, CredentialChange? change, DateTimeOffset? at, CancellationToken ct) =>
        delivery.SendAsync(new AccountEmailRequest(kind, userId, address, change, at), ct);
}

/// <summary>The account email queue on Hangfire: each request becomes one retried <see cref="AccountEmailJob"/>.</summary>
public sealed class HangfireAccountEmailQueue(IBackgroundJobClient jobs) : IAccountEmailQueue
{
    public void Enqueue(AccountEmailRequest request) =>
        jobs.Enqueue<AccountEmailJob>(AccountEmailJob.Queue, j => j.SendAsync(request.Kind, request.UserId, request.Address, request.Change, request.At, CancellationToken.None));
}
