using AnxiousToSecure.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AnxiousToSecure.TestSupport;

/// <summary>
/// A fresh, migrated PostgreSQL database for one test class, dropped afterwards. The server comes from
/// ATS_TEST_POSTGRES (scripts/test starts one); tests never fall back to an in-memory database.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    private static readonly string ServerConnectionString =
        Environment.GetEnvironmentVariable("ATS_TEST_POSTGRES")
        ?? throw new InvalidOperationException("ATS_TEST_POSTGRES is not set: run the tests with scripts/test, which starts PostgreSQL.");

    public string Name { get; } = $"t_{Guid.NewGuid():N}";

    public string ConnectionString => new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = Name }.ConnectionString;

    private ServiceProvider? services;

    /// <summary>The factory behind <see cref="CreateContext"/>, for services that make their own contexts.</summary>
    public IDbContextFactory<AppDbContext> ContextFactory
    {
        get
        {
            CreateContext().Dispose();
            return services!.GetRequiredService<IDbContextFactory<AppDbContext>>();
        }
    }

    /// <summary>A context built the way the app builds it (same Identity store options, so the same model).</summary>
    public AppDbContext CreateContext()
    {
        services ??= new ServiceCollection()
            .AddAppDbContext(ConnectionString)
            .Configure<IdentityOptions>(o => AppDbContext.ConfigureIdentityStores(o.Stores))
            .BuildServiceProvider();
        return services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
    }

    public async Task InitializeAsync()
    {
        await using (var server = new NpgsqlConnection(ServerConnectionString))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", server);
            await create.ExecuteNonQueryAsync();
        }
        await using var db = CreateContext();
        await db.Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (services is not null) await services.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(ServerConnectionString);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }
}
