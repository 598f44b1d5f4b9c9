using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace AnxiousToSecure.TestSupport;

/// <summary>
/// The databases every test database is cloned from (<c>CREATE DATABASE ... TEMPLATE</c>): running the
/// migrations costs seconds, a clone a fraction of one. Each template is built once per test run, and
/// kept in the test cluster for the next run (the browser tests, run after these, clone the same ones).
/// </summary>
/// <remarks>
/// A template is named after a hash of what went into it (the migrations assembly; for the course,
/// also Core and the course files), so a changed migration or importer builds a new one and the stale
/// one is dropped. Builds are serialized across processes by an advisory lock, happen under a
/// temporary name that is renamed when complete, and end with every connection to the template closed
/// (PostgreSQL refuses to clone a database someone is connected to).
/// </remarks>
internal static class DatabaseTemplates
{
    internal static readonly string ServerConnectionString =
        Environment.GetEnvironmentVariable("ATS_TEST_POSTGRES")
        ?? throw new InvalidOperationException("ATS_TEST_POSTGRES is not set: run the tests with scripts/test, which starts PostgreSQL.");

    private const string Prefix = "ats_template_";

    // Any fixed number: the key of the advisory lock that serializes template builds across processes.
    private const long BuildLockKey = 0x4154_5354_504c; // "ATSTPL"

    private static readonly Assembly Migrations = Assembly.Load(DataServiceCollectionExtensions.MigrationsAssembly);

    private static readonly Lazy<Task<string>> Migrated = new(() => EnsureAsync(
        "migrated", Hash(Migrations.ManifestModule.ModuleVersionId.ToString()), template: null, db => db.Database.MigrateAsync()));

    private static readonly Lazy<Task<string>> WithCourse = new(async () =>
    {
        var migrated = await Migrated.Value;
        var hash = Hash(migrated, typeof(CourseImporter).Assembly.ManifestModule.ModuleVersionId.ToString(),
            AppFactory.StartTime.ToString("O", CultureInfo.InvariantCulture), CourseFilesFingerprint());
        // The same import, at the same instant, as each app once did at its start.
        return await EnsureAsync("course", hash, migrated,
            db => new CourseImporter(db, new FakeTimeProvider(AppFactory.StartTime)).ImportFolderAsync(TestPaths.CourseContent));
    });

    /// <summary>The name of the template with <paramref name="content"/>, built if this run has not built it yet.</summary>
    public static Task<string> GetAsync(TestDatabaseContent content) => content switch
    {
        TestDatabaseContent.Migrated => Migrated.Value,
        TestDatabaseContent.Course => WithCourse.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(content)),
    };

    public static string ConnectionStringFor(string database, bool pooling = true) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database, Pooling = pooling }.ConnectionString;

    /// <summary>A context built the way the app builds it (same Identity store options, so the same model).</summary>
    public static ServiceProvider ContextServices(string connectionString) =>
        new ServiceCollection()
            .AddAppDbContext(connectionString)
            .Configure<IdentityOptions>(o => AppDbContext.ConfigureIdentityStores(o.Stores))
            .BuildServiceProvider();

    private static async Task<string> EnsureAsync(string kind, string hash, string? template, Func<AppDbContext, Task> fill)
    {
        var name = $"{Prefix}{kind}_{hash}";
        await using var server = new NpgsqlConnection(ConnectionStringFor("postgres", pooling: false));
        await server.OpenAsync();
        // Session-level: released when this connection closes, even if the build fails.
        await ExecuteAsync(server, $"SELECT pg_advisory_lock({BuildLockKey})");

        var existing = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE @pattern", server))
        {
            list.Parameters.AddWithValue("pattern", $"{Prefix}{kind}\\_%");
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) existing.Add(reader.GetString(0));
        }
        if (existing.Contains(name)) return name;

        // Stale templates of this kind (older migrations or content) and half-built ones from a killed run.
        foreach (var stale in existing) await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{stale}\" WITH (FORCE)");

        var building = $"{name}_building";
        await ExecuteAsync(server, template is null ? $"CREATE DATABASE \"{building}\"" : $"CREATE DATABASE \"{building}\" TEMPLATE \"{template}\"");
        // No pooling: when the context is disposed its connection is really closed.
        await using (var services = ContextServices(ConnectionStringFor(building, pooling: false)))
        await using (var db = services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext())
        {
            await fill(db);
        }
        await ExecuteAsync(server, $"ALTER DATABASE \"{building}\" RENAME TO \"{name}\"");
        // Nobody connects to a template by mistake, so it stays what its name says.
        await ExecuteAsync(server, $"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false");
        return name;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string CourseFilesFingerprint()
    {
        var root = TestPaths.CourseContent;
        var text = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            text.Append(Path.GetRelativePath(root, file)).Append('\n').Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)))).Append('\n');
        }
        return text.ToString();
    }

    private static string Hash(params string[] parts) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))))[..16].ToLowerInvariant();
}
