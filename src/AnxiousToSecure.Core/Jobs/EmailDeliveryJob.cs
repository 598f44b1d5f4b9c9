using System.Text.Json;
using AnxiousToSecure.Core.Email;
using Hangfire;

namespace AnxiousToSecure.Core.Jobs;

/// <summary>
/// Retries an account email (confirmation, password reset) that could not be sent at once, with
/// Hangfire's backoff; after the last try the job stays in the dashboard's failed list.
/// </summary>
public sealed class EmailDeliveryJob(IEmailTransport transport)
{
    /// <summary>The whole message as the job's argument, so every retry sends the very message (same Message-ID and date).</summary>
    public static string Serialize(EmailMessage message) => JsonSerializer.Serialize(message);

    [AutomaticRetry(Attempts = 10)]
    public async Task SendAsync(string serializedMessage, CancellationToken ct)
    {
        var message = JsonSerializer.Deserialize<EmailMessage>(serializedMessage)
            ?? throw new JsonException("An email delivery job without a message.");
        await transport.SendAsync(message, ct);
    }
}

/// <summary>The email outbox on Hangfire: each queued message becomes one retried <see cref="EmailDeliveryJob"/>.</summary>
public sealed class HangfireEmailOutbox(IBackgroundJobClient jobs) : IEmailOutbox
{
    public void Enqueue(EmailMessage message)
    {
        var serialized = EmailDeliveryJob.Serialize(message);
        jobs.Enqueue<EmailDeliveryJob>(j => j.SendAsync(serialized, CancellationToken.None));
    }
}
