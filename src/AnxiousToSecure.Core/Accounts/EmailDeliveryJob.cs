using AnxiousToSecure.Core.Email;
using Hangfire;
using MimeKit;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.Core.Smtp;

namespace AnxiousToSecure.Core.Accounts;

/// <summary>
/// Retries an account email (confirmation, password reset) that could not be sent at once, with
/// Hangfire's backoff; after the last try the job stays in the dashboard's failed list.
/// </summary>
public sealed class EmailDeliveryJob(IEmailTransport transport)
{
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
