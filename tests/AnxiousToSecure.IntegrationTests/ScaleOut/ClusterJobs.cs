using System.Text.Json;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Jobs;
using Hangfire;
using Hangfire.PostgreSql;
using Npgsql;

namespace AnxiousToSecure.IntegrationTests.ScaleOut;

/// <summary>
/// The cluster's Hangfire, seen from outside: sweeps enqueued as the minute's schedule and each purchase
/// enqueue them (any instance's worker takes each), and what each instance's sweeps reported.
/// </summary>
public sealed class ClusterJobs(string connectionString)
{
    private readonly BackgroundJobClient client = new(Storage(connectionString));

    private static PostgreSqlStorage Storage(string connectionString)
    {
        var options = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = false };
        return new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connectionString, options, null), options);
    }

    public void EnqueueSweeps(int count)
    {
        for (var i = 0; i < count; i++) client.Enqueue<DripSweepJob>(JobsQueue, s => s.ExecuteAsync(CancellationToken.None));
    }

    private const string JobsQueue = AnxiousToSecure.Web.Hosting.JobsOptions.DefaultQueue;

    /// <summary>Lesson emails sent by the finished sweeps of each Hangfire server (machine:process:queue).</summary>
    public async Task<IReadOnlyDictionary<string, int>> SentByServerAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT p.data::jsonb ->> 'ServerId', s.data::jsonb ->> 'Result'
            FROM hangfire.state s JOIN hangfire.state p ON p.jobid = s.jobid AND p.name = 'Processing'
            WHERE s.name = 'Succeeded'
            """, connection);
        var sent = new Dictionary<string, int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (reader.IsDBNull(0) || reader.IsDBNull(1)) continue;
            var result = JsonSerializer.Deserialize<SweepResult>(reader.GetString(1), new JsonSerializerOptions(JsonSerializerDefaults.Web));
            if (result is null) continue;
            // ServerId is machine:process:queue:guid; the instance is its process.
            var server = string.Join(':', reader.GetString(0).Split(':').Take(2));
            sent[server] = sent.GetValueOrDefault(server) + result.Sent;
        }
        return sent;
    }
}
