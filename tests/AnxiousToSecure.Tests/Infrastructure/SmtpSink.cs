using System.Net;
using System.Net.Sockets;
using MimeKit;
using netDumbster.smtp;

namespace AnxiousToSecure.Tests.Infrastructure;

/// <summary>A real SMTP server on a local port (netDumbster) that keeps what it receives. Can be stopped and started again on the same port.</summary>
public sealed class SmtpSink : IDisposable
{
    private SimpleSmtpServer? server;
    private readonly List<MimeMessage> earlier = [];

    private SmtpSink(int port) => Port = port;

    public int Port { get; }

    public static SmtpSink Start()
    {
        var sink = new SmtpSink(FreePort());
        sink.Resume();
        return sink;
    }

    /// <summary>Every message received so far, parsed as MIME.</summary>
    public IReadOnlyList<MimeMessage> Messages
    {
        get
        {
            lock (earlier)
            {
                return [.. earlier, .. Current()];
            }
        }
    }

    public IReadOnlyList<MimeMessage> To(string address) =>
        [.. Messages.Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, address, StringComparison.OrdinalIgnoreCase)))];

    /// <summary>The server goes away: connections are refused until <see cref="Resume"/>.</summary>
    public void Outage()
    {
        lock (earlier)
        {
            earlier.AddRange(Current());
            server?.Stop();
            server?.Dispose();
            server = null;
        }
    }

    public void Resume()
    {
        lock (earlier)
        {
            server ??= SimpleSmtpServer.Start(Port);
        }
    }

    public void Dispose() => Outage();

    private List<MimeMessage> Current() =>
        server is null ? [] : [.. server.ReceivedEmail.Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data))))];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
