using System.Collections.Concurrent;
using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Email;
using AnxiousToSecure.Core.Settings;
using System.Diagnostics;
using AnxiousToSecure.Core.Observability;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AnxiousToSecure.Core.Smtp;

/// <summary>
/// Sends over SMTP with MailKit, keeping a few authenticated connections open for reuse. A connection
/// that has gone stale is replaced once; any other failure reaches the caller, whose job is to retry.
/// </summary>
public sealed class SmtpTransport(IOptions<SmtpOptions> options, TimeProvider time) : IEmailTransport, IDisposable
{
    private static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(20);
    private readonly ConcurrentBag<(SmtpClient Client, long IdleSince)> idle = [];

    public async Task SendAsync(EmailMessage email, CancellationToken ct = default)
    {
        // A client span per message: the server, never the recipient or the subject.
        using var span = AppTelemetry.Source.StartActivity("smtp send", ActivityKind.Client);
        span?.SetTag("server.address", options.Value.Host);
        span?.SetTag("server.port", options.Value.Port);
        try
        {
            await SendMessageAsync(email, ct);
        }
        catch (Exception e)
        {
            AppTelemetry.Failed(span, e);
            throw;
        }
    }

    private async Task SendMessageAsync(EmailMessage email, CancellationToken ct)
    {
        var message = MimeMessages.From(email);
        var (client, reused) = Rent();
        try
        {
            await SendOnAsync(client, message, ct);
        }
        catch (Exception ex) when (reused && ex is MailKit.ServiceNotConnectedException or IOException or SmtpProtocolException)
        {
            // The server closed a pooled connection while it sat idle: nothing was accepted, try a fresh one.
            client.Dispose();
            client = NewClient();
            try
            {
                await SendOnAsync(client, message, ct);
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }
        await ReturnAsync(client);
    }

    private async Task SendOnAsync(SmtpClient client, MimeMessage message, CancellationToken ct)
    {
        var o = options.Value;
        if (!client.IsConnected)
        {
            await client.ConnectAsync(o.Host ?? throw new InvalidOperationException("Smtp:Host is not set."), o.Port, o.Security, ct);
            if (!string.IsNullOrEmpty(o.UserName)) await client.AuthenticateAsync(o.UserName, o.Password ?? "", ct);
        }
        await client.SendAsync(message, ct);
    }

    private (SmtpClient Client, bool Reused) Rent()
    {
        while (idle.TryTake(out var entry))
        {
            if (entry.Client.IsConnected && time.GetElapsedTime(entry.IdleSince) < MaxIdle) return (entry.Client, true);
            entry.Client.Dispose();
        }
        return (NewClient(), false);
    }

    private SmtpClient NewClient() => new() { Timeout = options.Value.TimeoutSeconds * 1000 };

    private async Task ReturnAsync(SmtpClient client)
    {
        if (idle.Count < options.Value.PooledConnections)
        {
            idle.Add((client, time.GetTimestamp()));
            return;
        }
        try
        {
            await client.DisconnectAsync(quit: true);
        }
        catch (Exception ex) when (ex is IOException or MailKit.ProtocolException or OperationCanceledException)
        {
            // The message is already accepted; a rude goodbye loses nothing.
        }
        client.Dispose();
    }

    public void Dispose()
    {
        while (idle.TryTake(out var entry)) entry.Client.Dispose();
    }
}
