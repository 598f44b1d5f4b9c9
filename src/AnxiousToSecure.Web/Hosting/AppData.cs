using AnxiousToSecure.Core.Data;
using Microsoft.AspNetCore.DataProtection;

namespace AnxiousToSecure.Web.Hosting;

/// <summary>The clock, PostgreSQL (context, health check, developer error page) and the data-protection keys kept in it.</summary>
public static class AppData
{
    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder, string connectionString)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddAppDbContext(connectionString);
        services.AddDataProtection().SetApplicationName("AnxiousToSecure").PersistKeysToDbContext<AppDbContext>().ProtectKeyRing(builder);

        services.AddDatabaseDeveloperPageExceptionFilter();
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("postgresql", tags: ["ready"]);
        return builder;
    }
}
