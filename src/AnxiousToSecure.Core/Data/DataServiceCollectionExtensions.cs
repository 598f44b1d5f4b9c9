using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using AnxiousToSecure.Core.Learn;
using Npgsql;

namespace AnxiousToSecure.Core.Data;

public static class DataServiceCollectionExtensions
{
    public const string MigrationsAssembly = "AnxiousToSecure.Migrations";

    /// <summary>
    /// One <see cref="NpgsqlDataSource"/> (one connection pool, with <see cref="DatabaseConnection"/>'s
    /// defaults) for the whole app, and a pool of contexts over it: the factory (for interactive
    /// components and jobs) and the scoped context (for static pages and Identity) both lease from the
    /// same pool, and disposing either returns it there, reset.
    /// </summary>
    public static IServiceCollection AddAppDbContext(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(_ => DatabaseConnection.CreateDataSource(connectionString));
        // The string itself, password included, for the few that need a connection of their own outside the pool
        // (a data source's ConnectionString leaves the password out).
        services.AddSingleton(new DatabaseConnectionString(connectionString));
        // Every context tells the cached student state when it writes her tables (HerStateWrites).
        services.AddSingleton(sp => new HerStateCache(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<HerStateWrites>();
        // "Where she left off", noted by the reading path and written by LeftOffFlusher (a hosted service of the app's).
        services.AddSingleton<LeftOffWrites>();
        services.AddPooledDbContextFactory<AppDbContext>((sp, o) =>
            o.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>(), n => n.MigrationsAssembly(MigrationsAssembly))
                .AddInterceptors(sp.GetRequiredService<HerStateWrites>()));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        return services;
    }
}
