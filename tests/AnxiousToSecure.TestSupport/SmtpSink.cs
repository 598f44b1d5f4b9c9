using System.Net;
using System.Net.Sockets;
using MimeKit;
using netDumbster.smtp;

namespace AnxiousToSecure.TestSupport;

/// <summary>A real SMTP server on a local port (netDumbster) that keeps what it receives. Can be stopped and started again on the same port.</summary>
public sealed class SmtpSink : IDisposable
{
    private SimpleSmtpServer? server;
    private readonly List<MimeMessage> received = [];

    private SmtpSink(int port) => Port = port;

    public int Port { get; }

    public static SmtpSink Start()
    {
        var sink = new SmtpSink(FreePort());
        sink.Resume();
        return sink;
    }

    /// <summary>Every message received so far, parsed as MIME, in the order they arrived.</summary>
    public IReadOnlyList<MimeMessage> Messages
    {
        get
        {
            lock (received)
            {
                return [.. received];
            }
        }
    }

    public IReadOnlyList<MimeMessage> To(string address) =>
        [.. Messages.Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, address, StringComparison.OrdinalIgnoreCase)))];

    /// <summary>Waits for a message to <paramref name="address"/> (account email is sent in the background).</summary>
    public async Task<MimeMessage> WaitForAsync(string address, Func<MimeMessage, bool>? match = null, int timeoutSeconds = 15)
    {
        var until = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            if (To(address).FirstOrDefault(m => match?.Invoke(m) ?? true) is { } found) return found;
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"No matching email to {address}; received: {string.Join(" | ", To(address).Select(m => m.Subject))}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>The server goes away: connections are refused until <see cref="Resume"/>.</summary>
    public void Outage()
    {
        lock (received)
        {
            server?.Stop();
            server?.Dispose();
            server = null;
        }
    }

    public void Resume()
    {
        lock (received)
        {
            if (server is not null) return;
            server = SimpleSmtpServer.Start(Port);
            server.MessageReceived += (_, e) =>
            {
                var message = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(e.Message.Data)));
                lock (received) received.Add(message);
            };
        }
    }

    public void Dispose() => Outage();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
