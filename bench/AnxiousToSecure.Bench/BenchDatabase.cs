using AnxiousToSecure.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AnxiousToSecure.Bench;

/// <summary>A throwaway database on the bench server, migrated the way the app migrates.</summary>
internal sealed class BenchDatabase(string serverConnectionString) : IAsyncDisposable
{
    public string Name { get; } = $"bench_{Guid.NewGuid():N}";

    public string ConnectionString => new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = Name }.ConnectionString;

    public IServiceCollection Services(IServiceCollection services) => services
        .AddAppDbContext(ConnectionString)
        .Configure<IdentityOptions>(o => AppDbContext.ConfigureIdentityStores(o.Stores));

    public async Task CreateAsync(IServiceProvider provider)
    {
        await ExecuteOnServerAsync($"CREATE DATABASE \"{Name}\"");
        await using var db = await provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        await db.Database.MigrateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var server = new NpgsqlConnection(serverConnectionString);
        await server.OpenAsync();
        await using var command = new NpgsqlCommand(sql, server);
        await command.ExecuteNonQueryAsync();
    }
}
