using AnxiousToSecure.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace AnxiousToSecure.Web.Hosting;

/// <summary>The clock, PostgreSQL (data source, context pool, readiness check, developer error page) and the data-protection keys kept in it.</summary>
public static class AppData
{
    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder, string connectionString)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddAppDbContext(connectionString);
        services.AddDataProtection().SetApplicationName("AnxiousToSecure").PersistKeysToDbContext<AppDbContext>().ProtectKeyRing(builder);

        services.AddDatabaseDeveloperPageExceptionFilter();
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("postgresql", tags: ["ready"], timeout: DatabaseReadyCheck.Timeout);
        return builder;
    }

    /// <summary>
    /// A <c>SELECT 1</c> on a connection from the app's own pool: ready means the pages can reach the
    /// database now. A few seconds at most, so an outage is reported while it lasts (not after Npgsql's
    /// 15-second connect timeout); the next check after the database returns gets a fresh connection.
    /// </summary>
    internal sealed class DatabaseReadyCheck(NpgsqlDataSource dataSource) : IHealthCheck
    {
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            try
            {
                await using var command = dataSource.CreateCommand("SELECT 1");
                command.CommandTimeout = (int)Timeout.TotalSeconds;
                await command.ExecuteScalarAsync(timeout.Token);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, "PostgreSQL did not answer.", e);
            }
        }
    }
}
