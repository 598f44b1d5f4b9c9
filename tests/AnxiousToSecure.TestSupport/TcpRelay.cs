using System.Net;
using System.Net.Sockets;

namespace AnxiousToSecure.TestSupport;

/// <summary>
/// A TCP relay on a free local port to another port (the test PostgreSQL), that a test can cut and
/// restore: an outage of the database as the app sees it, without stopping the server other tests use.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly int targetPort;
    private readonly object gate = new();
    private readonly List<TcpClient> open = [];
    private TcpListener? listener;

    public TcpRelay(int targetPort)
    {
        this.targetPort = targetPort;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Restore();
    }

    public int Port { get; }

    /// <summary>Accepts and relays connections (again).</summary>
    public void Restore()
    {
        lock (gate)
        {
            if (listener is not null) return;
            listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Start();
            _ = AcceptAsync(listener);
        }
    }

    /// <summary>Closes every relayed connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        lock (gate)
        {
            listener?.Stop();
            listener = null;
            foreach (var client in open) client.Dispose();
            open.Clear();
        }
    }

    private async Task AcceptAsync(TcpListener from)
    {
        while (true)
        {
            TcpClient inbound;
            try
            {
                inbound = await from.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(IPAddress.Loopback, targetPort);
            }
            catch (SocketException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }
            lock (gate)
            {
                open.Add(inbound);
                open.Add(outbound);
            }
            _ = PumpAsync(inbound, outbound);
            _ = PumpAsync(outbound, inbound);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
        }
        from.Dispose();
        to.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }
}

/// <summary>The app reaching its database through a <see cref="TcpRelay"/> the test can cut.</summary>
public class DatabaseOutageAppFactory : AppFactory
{
    public TcpRelay Relay { get; } = new(new Npgsql.NpgsqlConnectionStringBuilder(DatabaseTemplates.ServerConnectionString).Port);

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("ConnectionStrings:Default", new Npgsql.NpgsqlConnectionStringBuilder(Database.ConnectionString) { Host = "127.0.0.1", Port = Relay.Port }.ConnectionString),
    ];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Relay.DisposeAsync();
    }
}
