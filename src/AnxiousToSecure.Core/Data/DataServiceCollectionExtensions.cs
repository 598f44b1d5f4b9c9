using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.Core.Data;

public static class DataServiceCollectionExtensions
{
    public const string MigrationsAssembly = "AnxiousToSecure.Migrations";

    public static void ConfigureNpgsql(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, o => o.MigrationsAssembly(MigrationsAssembly));

    /// <summary>
    /// The factory (for interactive components and jobs) also registers the context as scoped
    /// (for static pages and Identity), both sharing one singleton options instance.
    /// </summary>
    public static IServiceCollection AddAppDbContext(this IServiceCollection services, string connectionString) =>
        services.AddDbContextFactory<AppDbContext>(o => ConfigureNpgsql(o, connectionString));
}
