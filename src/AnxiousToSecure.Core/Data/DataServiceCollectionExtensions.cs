using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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
        services.AddPooledDbContextFactory<AppDbContext>((sp, o) =>
            o.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>(), n => n.MigrationsAssembly(MigrationsAssembly)));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        return services;
    }
}
