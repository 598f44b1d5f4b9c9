using System.Data.Common;
using Npgsql;

namespace AnxiousToSecure.Core.Data;

/// <summary>
/// The connection settings the app applies to <c>ConnectionStrings:Default</c> when the operator did not
/// set them there: a name PostgreSQL shows for every connection, a pool well below the server's
/// <c>max_connections</c> (100 by default) so a second instance and the jobs fit beside it,
/// automatic preparation of the statements the reading pages run on every request, and no reset of
/// a connection's session state each time it goes back to the pool.
/// </summary>
public static class DatabaseConnection
{
    public const string ApplicationName = "AnxiousToSecure";

    /// <summary>What Hangfire's connections are called: its own pool, apart from the pages'.</summary>
    public const string JobsApplicationName = "AnxiousToSecure jobs";

    /// <summary>Two instances (60) plus their jobs (2 x 8) stay below PostgreSQL's default of 100 connections.</summary>
    public const int MaxPoolSize = 30;

    /// <summary>The hot statements of the reading pages and posts, with room to spare; Npgsql's default is 0 (off).</summary>
    public const int MaxAutoPrepare = 50;

    /// <summary>A statement is prepared on its second use (Npgsql's default waits for five).</summary>
    public const int AutoPrepareMinUsages = 2;

    /// <summary>
    /// The pages leave no session state on a connection (no <c>SET</c>, temporary table, advisory lock or
    /// <c>LISTEN</c>; an open transaction is still rolled back by Npgsql), so the reset Npgsql would run
    /// before the next use (<c>SET SESSION AUTHORIZATION DEFAULT; RESET ALL; ...</c>: one statement per
    /// lease, two on a lesson view that records where she left off) buys nothing. Hangfire keeps it.
    /// </summary>
    public const bool NoResetOnClose = true;

    /// <summary>The operator's connection string with the app's defaults for what it does not say.</summary>
    public static string WithDefaults(string connectionString)
    {
        var given = Given(connectionString);
        var result = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Application Name")) result.ApplicationName = ApplicationName;
        if (!given.ContainsKey("Maximum Pool Size")) result.MaxPoolSize = MaxPoolSize;
        if (!given.ContainsKey("Max Auto Prepare")) result.MaxAutoPrepare = MaxAutoPrepare;
        if (!given.ContainsKey("Auto Prepare Min Usages")) result.AutoPrepareMinUsages = AutoPrepareMinUsages;
        if (!given.ContainsKey("No Reset On Close")) result.NoResetOnClose = NoResetOnClose;
        return result.ConnectionString;
    }

    /// <summary>
    /// Hangfire's connection string: the same server and account, always its own name (so its
    /// connections are told apart from the pages' in <c>pg_stat_activity</c>) and its own small pool.
    /// </summary>
    public static string ForJobs(string connectionString, int maxPoolSize) =>
        new NpgsqlConnectionStringBuilder(WithDefaults(connectionString))
        {
            ApplicationName = JobsApplicationName,
            MaxPoolSize = maxPoolSize,
            MinPoolSize = 0,
            NoResetOnClose = false,
        }.ConnectionString;

    /// <summary>The one data source of the app: EF Core, the readiness check and raw reads share its pool.</summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString) =>
        new NpgsqlDataSourceBuilder(WithDefaults(connectionString)).Build();

    /// <summary>
    /// The settings the operator wrote. Npgsql accepts several spellings of each keyword ("Max Pool Size",
    /// "MaxPoolSize", ...); its builder writes back only what was set, under one canonical name each.
    /// </summary>
    private static DbConnectionStringBuilder Given(string connectionString) =>
        new() { ConnectionString = new NpgsqlConnectionStringBuilder(connectionString).ConnectionString };
}

/// <summary>The operator's connection string as configured, for a connection outside the pool (the content listener's).</summary>
public sealed record DatabaseConnectionString(string Value);
