using AnxiousToSecure.Core.Data;
using Npgsql;

namespace AnxiousToSecure.UnitTests.Data;

public sealed class DatabaseConnectionTests
{
    private const string Operator = "Host=db;Database=course;Username=app;Password=secret";

    [Fact]
    public void Defaults_fill_in_what_the_operator_did_not_set()
    {
        var settings = new NpgsqlConnectionStringBuilder(DatabaseConnection.WithDefaults(Operator));
        Assert.Equal(DatabaseConnection.ApplicationName, settings.ApplicationName);
        Assert.Equal(DatabaseConnection.MaxPoolSize, settings.MaxPoolSize);
        Assert.Equal(DatabaseConnection.MaxAutoPrepare, settings.MaxAutoPrepare);
        Assert.Equal(DatabaseConnection.AutoPrepareMinUsages, settings.AutoPrepareMinUsages);
        Assert.True(settings.NoResetOnClose);
        Assert.Equal("db", settings.Host);
        Assert.Equal("secret", settings.Password);
    }

    [Theory]
    [InlineData("Application Name=eu-1;Maximum Pool Size=100;Max Auto Prepare=0;Auto Prepare Min Usages=5;No Reset On Close=false")]
    [InlineData("ApplicationName=eu-1;MaxPoolSize=100;MaxAutoPrepare=0;AutoPrepareMinUsages=5;NoResetOnClose=false")]
    [InlineData("application name=eu-1;MAXPOOLSIZE=100;max auto prepare=0;auto prepare min usages=5;no reset on close=false")]
    public void The_operators_values_win_however_they_are_spelled(string explicitSettings)
    {
        var settings = new NpgsqlConnectionStringBuilder(DatabaseConnection.WithDefaults($"{Operator};{explicitSettings}"));
        Assert.Equal("eu-1", settings.ApplicationName);
        Assert.Equal(100, settings.MaxPoolSize);
        Assert.Equal(0, settings.MaxAutoPrepare);
        Assert.Equal(5, settings.AutoPrepareMinUsages);
        Assert.False(settings.NoResetOnClose);
    }

    [Fact]
    public void Jobs_get_their_own_name_and_small_pool_on_the_same_server()
    {
        var settings = new NpgsqlConnectionStringBuilder(DatabaseConnection.ForJobs($"{Operator};Application Name=eu-1;Maximum Pool Size=60;Minimum Pool Size=20", 10));
        Assert.Equal(DatabaseConnection.JobsApplicationName, settings.ApplicationName);
        Assert.Equal(10, settings.MaxPoolSize);
        Assert.Equal(0, settings.MinPoolSize);
        Assert.False(settings.NoResetOnClose); // Hangfire's connections are reset as Npgsql does by default
        Assert.Equal("db", settings.Host);
        Assert.Equal("course", settings.Database);
    }

    [Fact]
    public void Two_instances_and_their_jobs_fit_below_postgresqls_default_connection_limit()
    {
        const int postgresDefaultMaxConnections = 100;
        Assert.True(2 * (DatabaseConnection.MaxPoolSize + new AnxiousToSecure.Web.Hosting.JobsOptions().MaxPoolSize) < postgresDefaultMaxConnections);
    }
}
