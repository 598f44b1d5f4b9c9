using System.Net;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AnxiousToSecure.IntegrationTests.Hosting;

/// <summary>One pool of contexts over one data source with the app's connection defaults; Hangfire on a pool of its own.</summary>
[Trait("Category", "Hosting")]
public sealed class DatabaseConnectionTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static async Task<string> ApplicationNameAsync(AppDbContext db) =>
        await db.Database.SqlQuery<string>($"SELECT current_setting('application_name') AS \"Value\"").SingleAsync();

    [Fact]
    public async Task The_pages_context_is_leased_from_one_pool_over_the_data_source_with_the_app_defaults()
    {
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        Assert.Equal(DatabaseConnection.ApplicationName, settings.ApplicationName);
        Assert.Equal(DatabaseConnection.MaxPoolSize, settings.MaxPoolSize);
        Assert.Equal(DatabaseConnection.MaxAutoPrepare, settings.MaxAutoPrepare);
        Assert.Equal(DatabaseConnection.AutoPrepareMinUsages, settings.AutoPrepareMinUsages);
        Assert.True(settings.NoResetOnClose);

        AppDbContext first;
        using (var scope = app.Services.CreateScope())
        {
            first = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Equal(DatabaseConnection.ApplicationName, await ApplicationNameAsync(first));
        }
        // Returned to the pool at the end of the scope, and leased again by the next one (and by the factory).
        using (var scope = app.Services.CreateScope())
        {
            Assert.Same(first, scope.ServiceProvider.GetRequiredService<AppDbContext>());
        }
        await using (var fromFactory = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            Assert.Same(first, fromFactory);
            Assert.Equal(DatabaseConnection.ApplicationName, await ApplicationNameAsync(fromFactory));
        }
    }

    [Fact]
    public async Task Hangfire_connects_under_its_own_name()
    {
        await using var server = new NpgsqlConnection(app.Database.ConnectionString);
        await server.OpenAsync();
        var seen = new List<string>();
        // Hangfire's connection waits idle in its pool after the call; another test class ending at that moment
        // empties every pool of the process (its database's disposal), so the call and the look are tried a few times.
        for (var attempt = 0; attempt < 5 && !seen.Contains(DatabaseConnection.JobsApplicationName); attempt++)
        {
            _ = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedCount("default");
            await using var names = new NpgsqlCommand("SELECT DISTINCT application_name FROM pg_stat_activity WHERE datname = current_database()", server);
            seen.Clear();
            await using var reader = await names.ExecuteReaderAsync();
            while (await reader.ReadAsync()) seen.Add(reader.GetString(0));
        }
        Assert.Contains(DatabaseConnection.JobsApplicationName, seen);
    }
}

/// <summary>What the operator writes in the connection string wins over the app's defaults.</summary>
[Trait("Category", "Hosting")]
public sealed class OperatorConnectionSettingsTests(OperatorConnectionSettingsTests.Factory app) : IClassFixture<OperatorConnectionSettingsTests.Factory>
{
    public sealed class Factory : AppFactory
    {
        protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
            [new("ConnectionStrings:Default", Database.ConnectionString + ";Application Name=course-eu-1;Maximum Pool Size=12;Max Auto Prepare=0")];
    }

    [Fact]
    public async Task Explicit_application_name_and_pool_size_reach_the_connection()
    {
        var settings = new NpgsqlConnectionStringBuilder(app.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString);
        Assert.Equal(12, settings.MaxPoolSize);
        Assert.Equal(0, settings.MaxAutoPrepare);
        Assert.Equal(DatabaseConnection.AutoPrepareMinUsages, settings.AutoPrepareMinUsages);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal("course-eu-1", await db.Database.SqlQuery<string>($"SELECT current_setting('application_name') AS \"Value\"").SingleAsync());
    }
}

/// <summary>Readiness asks the database through the app's own pool, and follows an outage both ways without a restart.</summary>
[Trait("Category", "Hosting")]
public sealed class ReadinessTests(DatabaseOutageAppFactory app) : IClassFixture<DatabaseOutageAppFactory>
{
    [Fact]
    public async Task Ready_reports_503_while_the_database_is_unreachable_and_200_once_it_is_back()
    {
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        app.Relay.Cut();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

        app.Relay.Restore();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
