using System.Diagnostics;
using System.Globalization;
using AnxiousToSecure.Core.Author.Content;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace AnxiousToSecure.TestSupport.Processes;

/// <summary>How PostgreSQL is told to stop (pg_ctl's modes).</summary>
public enum PostgresStop
{
    /// <summary>Sessions are ended, then a clean shutdown (what a deploy or an orderly restart does).</summary>
    Fast,

    /// <summary>Every process quits at once, as after a crash; the next start replays the WAL.</summary>
    Immediate,
}

/// <summary>
/// A throwaway PostgreSQL cluster of one test's own, on its own port and folder, so that the test may
/// stop, kill and restart it without disturbing the shared test cluster. Made the way
/// scripts/lib/postgres.sh makes one (initdb and pg_ctl as the 'postgres' user when we are root, the
/// server refuses to run as root), and deleted when disposed.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    /// <summary>The app's role on every private cluster: may create databases, is not a superuser.</summary>
    public const string AppUser = "ats_fault";

    public const string AppPassword = "ats_fault";

    private static readonly string Bin = FindBin();

    /// <summary>Closes every descriptor above 2 that this shell inherited, then runs its arguments.</summary>
    private const string CloseInheritedThenRun =
        "for fd in $(ls /proc/$$/fd); do if [ \"$fd\" -gt 2 ] && [ -e /proc/$$/fd/$fd ]; then eval \"exec $fd>&-\"; fi; done; exec \"$@\"";
    private static readonly bool Root = Environment.UserName == "root";

    private PostgresCluster(int port, string folder)
    {
        Port = port;
        DataDirectory = folder;
    }

    public int Port { get; }

    public string DataDirectory { get; }

    public string ServerLog => Path.Combine(DataDirectory, "server.log");

    /// <summary>The folder with initdb, pg_ctl, pg_dump, pg_restore and psql.</summary>
    public static string BinDirectory => Bin;

    /// <summary>
    /// A port for a test's cluster: the fault tests each take their own offset from ATS_FAULT_PGPORT
    /// (default 25461, below the range Linux hands out for ports chosen by the system, 32768-60999, where the
    /// tests' SMTP sinks and relays listen), so that they can run side by side.
    /// </summary>
    public static int PortFor(int offset) =>
        (int.TryParse(Environment.GetEnvironmentVariable("ATS_FAULT_PGPORT"), CultureInfo.InvariantCulture, out var p) ? p : 25461) + offset;

    /// <summary>
    /// Creates a new cluster in a fresh folder (any leftover of a killed run on the same port is stopped and removed) and starts it.
    /// If something else already listens on the port, the cluster takes the next of a few ports 50 apart (its <see cref="Port"/> says which).
    /// </summary>
    public static async Task<PostgresCluster> CreateAsync(int port)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await CreateOnAsync(port + 50 * attempt);
            }
            catch (InvalidOperationException e) when (attempt < 4 && e.Message.Contains("Address already in use", StringComparison.Ordinal))
            {
            }
        }
    }

    private static async Task<PostgresCluster> CreateOnAsync(int port)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"ats-pgfault-{port}");
        var cluster = new PostgresCluster(port, folder);
        if (Directory.Exists(folder))
        {
            await cluster.RunAsync("pg_ctl", ["-D", folder, "-m", "immediate", "-w", "stop"], check: false);
            Directory.Delete(folder, recursive: true);
        }
        Directory.CreateDirectory(folder);
        await cluster.OwnAsync(folder);
        await cluster.RunAsync("initdb", ["-D", folder, "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256"]);
        // Fast as the test cluster (no fsync: the machine does not crash in a test), but a commit is in the WAL
        // before it is answered (synchronous_commit on, as in production), so a killed server loses nothing committed.
        await File.AppendAllTextAsync(Path.Combine(folder, "postgresql.conf"), string.Join('\n',
            "listen_addresses = '127.0.0.1'", $"port = {port}", $"unix_socket_directories = '{folder}'", "max_connections = 200",
            "fsync = off", "synchronous_commit = on", "full_page_writes = off", "autovacuum = off", ""));
        await cluster.StartAsync();
        await cluster.PsqlAsync($"CREATE ROLE {AppUser} LOGIN CREATEDB PASSWORD '{AppPassword}'; GRANT pg_signal_backend TO {AppUser};");
        return cluster;
    }

    public string ConnectionString(string database, bool pooling = true) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = database,
        Username = AppUser,
        Password = AppPassword,
        Pooling = pooling,
    }.ConnectionString;

    /// <remarks>
    /// The server is started with every inherited descriptor above stderr closed: a test run under
    /// <c>flock</c> (scripts/test under the build lock) must not hand that lock to a server that may outlive it.
    /// </remarks>
    public Task StartAsync() => RunAsync("pg_ctl", ["-D", DataDirectory, "-l", ServerLog, "-o", $"-p {Port}", "-w", "-t", "60", "start"], closeInherited: true);

    /// <summary>Freezes the server and every backend (SIGSTOP), as a hung host would: connections are accepted by the kernel and never answered.</summary>
    public Task FreezeAsync() => SignalAllAsync("STOP");

    public Task ThawAsync() => SignalAllAsync("CONT");

    private async Task SignalAllAsync(string signal)
    {
        var postmaster = (await File.ReadAllLinesAsync(Path.Combine(DataDirectory, "postmaster.pid")))[0].Trim();
        var children = await RunPlainAsync("ps", "-o", "pid=", "--ppid", postmaster);
        var pids = new[] { postmaster }.Concat(children.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        // The postmaster first on STOP (no new backends), last on CONT.
        if (signal == "CONT") pids.Reverse();
        foreach (var pid in pids) await RunPlainAsync("kill", $"-{signal}", pid);
    }

    private static async Task<string> RunPlainAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    public Task StopAsync(PostgresStop mode = PostgresStop.Fast) =>
        RunAsync("pg_ctl", ["-D", DataDirectory, "-m", mode == PostgresStop.Fast ? "fast" : "immediate", "-w", "-t", "60", "stop"]);

    public async Task RestartAsync(PostgresStop mode = PostgresStop.Fast)
    {
        await StopAsync(mode);
        await StartAsync();
    }

    /// <summary>Runs SQL as the superuser over the cluster's own socket; returns what psql printed (unaligned, tuples only).</summary>
    public Task<string> PsqlAsync(string sql, string database = "postgres") =>
        RunAsync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-tA", "-h", DataDirectory, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-d", database, "-c", sql]);

    /// <summary>A new database owned by the app's role, with every migration applied and, if asked, course-content/ imported at <see cref="AppFactory.StartTime"/> (as the test templates are).</summary>
    public async Task<string> CreateDatabaseAsync(string name, TestDatabaseContent content = TestDatabaseContent.Course)
    {
        await PsqlAsync($"CREATE DATABASE \"{name}\" OWNER {AppUser}");
        await using var services = DatabaseTemplates.ContextServices(ConnectionString(name, pooling: false));
        await using var db = services.GetRequiredService<IDbContextFactory<Core.Data.AppDbContext>>().CreateDbContext();
        await db.Database.MigrateAsync();
        if (content == TestDatabaseContent.Course)
        {
            await new CourseImporter(db, new FakeTimeProvider(AppFactory.StartTime)).ImportFolderAsync(TestPaths.CourseContent);
        }
        return ConnectionString(name);
    }

    /// <summary>Contexts on one of the cluster's databases, built the way the app builds them.</summary>
    public ServiceProvider ContextServices(string database) => DatabaseTemplates.ContextServices(ConnectionString(database));

    /// <summary>Runs one of PostgreSQL's programs (as 'postgres' when we are root); throws with its output when it fails.</summary>
    public async Task<string> RunAsync(string program, IReadOnlyList<string> arguments, bool check = true, IReadOnlyDictionary<string, string>? environment = null, bool closeInherited = false)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var command = new List<string>();
        if (closeInherited)
        {
            command.AddRange(["/bin/bash", "-c", CloseInheritedThenRun, "bash"]);
        }
        if (Root) command.AddRange(["runuser", "-u", "postgres", "--"]);
        command.Add(Path.Combine(Bin, program));
        start.FileName = command[0];
        foreach (var a in command.Skip(1)) start.ArgumentList.Add(a);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (check && process.ExitCode != 0)
        {
            var log = File.Exists(ServerLog) ? string.Join('\n', (await File.ReadAllLinesAsync(ServerLog)).TakeLast(20)) : "";
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}\n{log}");
        }
        return (await output).Trim();
    }

    /// <summary>The folder (and one the server writes, such as a tablespace) must belong to the server's user, mode 700.</summary>
    public async Task OwnAsync(string folder)
    {
        if (Root)
        {
            using var chown = Process.Start("chown", ["postgres:postgres", folder]);
            await chown.WaitForExitAsync();
        }
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], check: false);
        if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }

    private static string FindBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), CultureInfo.InvariantCulture, out var v) ? v : 0).LastOrDefault() ?? ""
            : "";
}
