using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AnxiousToSecure.TestSupport;

/// <summary>What a new test database holds before the test starts.</summary>
public enum TestDatabaseContent
{
    /// <summary>The schema only: every migration applied, no course.</summary>
    Migrated,

    /// <summary>The schema and course-content/, imported at <see cref="AppFactory.StartTime"/>.</summary>
    Course,
}

/// <summary>
/// A fresh PostgreSQL database for one test class, cloned from a template built once per run
/// (<see cref="DatabaseTemplates"/>), and dropped afterwards. The server comes from ATS_TEST_POSTGRES
/// (scripts/test starts one); tests never fall back to an in-memory database.
/// </summary>
public sealed class TestDatabase(TestDatabaseContent content = TestDatabaseContent.Migrated) : IAsyncLifetime
{

    public string Name { get; } = $"t_{Guid.NewGuid():N}";

    public string ConnectionString => DatabaseTemplates.ConnectionStringFor(Name);

    private ServiceProvider? services;

    /// <summary>The factory behind <see cref="CreateContext"/>, for services that make their own contexts.</summary>
    public IDbContextFactory<AppDbContext> ContextFactory
    {
        get
        {
            services ??= DatabaseTemplates.ContextServices(ConnectionString);
            return services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        }
    }

    /// <summary>A context built the way the app builds it (same Identity store options, so the same model).</summary>
    public AppDbContext CreateContext() => ContextFactory.CreateDbContext();

    public async Task InitializeAsync()
    {
        var template = await DatabaseTemplates.GetAsync(content);
        await using var server = new NpgsqlConnection(DatabaseTemplates.ConnectionStringFor("postgres"));
        await server.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Name}\" TEMPLATE \"{template}\"", server);
        await create.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (services is not null) await services.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(DatabaseTemplates.ConnectionStringFor("postgres"));
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }
}
