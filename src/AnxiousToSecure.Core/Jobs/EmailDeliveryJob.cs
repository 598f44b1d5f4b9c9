using AnxiousToSecure.Core.Email;
using Hangfire;
using MimeKit;

namespace AnxiousToSecure.Core.Jobs;

/// <summary>
/// Retries an account email (confirmation, password reset) that could not be sent at once, with
/// Hangfire's backoff; after the last try the job stays in the dashboard's failed list.
/// </summary>
public sealed class EmailDeliveryJob(IEmailTransport transport)
{
    /// <summary>The whole MIME message as the job's argument, so every retry sends the very message (same Message-ID and date).</summary>
    public static string Serialize(MimeMessage message)
    {
        using var buffer = new MemoryStream();
        message.WriteTo(buffer);
        return Convert.ToBase64String(buffer.ToArray());
    }

    [AutomaticRetry(Attempts = 10)]
    public async Task SendAsync(string serializedMessage, CancellationToken ct)
    {
        using var buffer = new MemoryStream(Convert.FromBase64String(serializedMessage));
        var message = await MimeMessage.LoadAsync(buffer, ct);
        await transport.SendAsync(message, ct);
    }
}

/// <summary>The email outbox on Hangfire: each queued message becomes one retried <see cref="EmailDeliveryJob"/>.</summary>
public sealed class HangfireEmailOutbox(IBackgroundJobClient jobs) : IEmailOutbox
{
    public void Enqueue(MimeMessage message)
    {
        var serialized = EmailDeliveryJob.Serialize(message);
        jobs.Enqueue<EmailDeliveryJob>(j => j.SendAsync(serialized, CancellationToken.None));
    }
}
