using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Processes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Faults;

/// <summary>
/// The app (as <see cref="AppFactory"/> runs it) on a PostgreSQL cluster of its own, which the test may
/// stop and start: the shared test cluster is never touched. The database holds the migrated schema and the course.
/// </summary>
public class PrivateClusterAppFactory(int portOffset) : AppFactory
{
    public const string DatabaseName = "app";

    private string connectionString = "";
    private ServiceProvider? contexts;

    public PostgresCluster Cluster { get; private set; } = null!;

    protected override string DatabaseConnectionString => connectionString;

    protected override async Task CreateDatabaseAsync()
    {
        Cluster = await PostgresCluster.CreateAsync(PostgresCluster.PortFor(portOffset));
        connectionString = Tuned(await Cluster.CreateDatabaseAsync(DatabaseName));
        contexts = Cluster.ContextServices(DatabaseName);
    }

    /// <summary>The app's connection string, for a factory that changes its timeouts or pool.</summary>
    protected virtual string Tuned(string connectionString) => connectionString;

    /// <summary>What the app was configured with.</summary>
    public string AppConnectionString => connectionString;

    protected override async Task DropDatabaseAsync()
    {
        if (contexts is not null) await contexts.DisposeAsync();
        if (Cluster is not null) await Cluster.DisposeAsync();
    }

    /// <summary>A context on the app's database, built as the app builds it.</summary>
    public AppDbContext CreateContext() => contexts!.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
}
