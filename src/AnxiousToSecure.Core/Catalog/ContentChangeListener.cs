using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AnxiousToSecure.Core.Catalog;

/// <summary>
/// Keeps one connection of its own LISTENing on <see cref="CatalogSql.Channel"/> and drops the
/// content cache on every notification, so a write on any instance is seen on this one; and on
/// <see cref="LearnSql.HerStateChannel"/>, for each student's cached state (<see cref="HerStateCache"/>). Each
/// (re)connection drops both caches too, since notifications sent while it was away are lost, and while it
/// is away no student's state is served from memory; a lost connection is retried with a growing pause and
/// logged as a warning.
/// </summary>
public sealed class ContentChangeListener(DatabaseConnectionString database, CourseContentCache cache, HerStateCache hers, ILogger<ContentChangeListener> log) : BackgroundService
{
    /// <summary>What every listener's <c>Application Name</c> starts with, so an operator can find them in pg_stat_activity.</summary>
    public const string ApplicationNamePrefix = "ats-content-listener";

    private int connections;

    /// <summary>This instance's listener's <c>Application Name</c>: the prefix, a random part and the host (PostgreSQL keeps 63 bytes).</summary>
    public string ApplicationName { get; } = Truncate($"{ApplicationNamePrefix} {Guid.NewGuid().ToString("N")[..8]} {Environment.MachineName}");

    private static string Truncate(string name) => name.Length <= 63 ? name : name[..63];

    /// <summary>How many times it has connected and started listening (more than once: it reconnected).</summary>
    public int Connections => Volatile.Read(ref connections);

    private static readonly TimeSpan[] Pauses = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = ConnectionString();
        long? listeningSince = null;
        for (var failures = 0; !stoppingToken.IsCancellationRequested;)
        {
            try
            {
                listeningSince = null;
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, e) =>
                {
                    if (e.Channel == LearnSql.HerStateChannel) hers.Apply(e.Payload);
                    else cache.Drop();
                };
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand(CatalogSql.Listen + "; " + LearnSql.ListenHerState, connection)) await listen.ExecuteNonQueryAsync(stoppingToken);
                // Listening from here on: whatever changed before is covered by starting afresh.
                cache.Drop();
                hers.Listening = true;
                Interlocked.Increment(ref connections);
                if (failures > 0) log.LogInformation("Listening for content changes again after {Failures} failed attempts", failures);
                listeningSince = Stopwatch.GetTimestamp();
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                hers.Listening = false;
                return;
            }
            catch (Exception e)
            {
                hers.Listening = false;
                // Only a connection that stayed up a while starts the pauses afresh: one dropped at once
                // (an idle timeout, a pooler) must not reconnect, and drop the cache, five times a second.
                if (listeningSince is { } since && Stopwatch.GetElapsedTime(since) > StableAfter) failures = 0;
                var pause = Pauses[Math.Min(failures, Pauses.Length - 1)];
                failures++;
                log.LogWarning(e, "Lost the connection that listens for content changes; the cache is dropped when it is back. Trying again in {Pause}", pause);
                try
                {
                    await Task.Delay(pause, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(30);

    /// <summary>The app's own connection string, on a connection of its own outside the pool.</summary>
    private string ConnectionString()
    {
        var builder = new NpgsqlConnectionStringBuilder(database.Value)
        {
            ApplicationName = ApplicationName,
            Pooling = false,
            // A dead peer is noticed while idle, not only at the next notification.
            KeepAlive = 30,
            Timeout = 5,
        };
        return builder.ConnectionString;
    }
}
