using System.Security.Cryptography.X509Certificates;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Processes;

namespace AnxiousToSecure.IntegrationTests.Faults;

/// <summary>The app on a database someone else made (here: restored from a backup), configured like any test app.</summary>
public sealed class ExistingDatabaseAppFactory(string connectionString) : AppFactory
{
    protected override string DatabaseConnectionString => connectionString;

    protected override Task CreateDatabaseAsync() => Task.CompletedTask;

    protected override Task DropDatabaseAsync() => Task.CompletedTask;
}

/// <summary>
/// scripts/backup and scripts/restore: a backup of a running site, restored into an empty database on a
/// new cluster, serves the same student with her journal readable (the same key certificate), and a
/// restore into a database that already holds data is refused.
/// </summary>
[Trait("Category", "Faults")]
public sealed class BackupRestoreTests : IAsyncLifetime
{
    private readonly PrivateClusterAppFactory source = new(portOffset: 1);
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"ats-backup-{Guid.NewGuid():N}");
    private PostgresCluster? target;

    public Task InitializeAsync() => source.InitializeAsync();

    public async Task DisposeAsync()
    {
        await source.DisposeAsync();
        if (target is not null) await target.DisposeAsync();
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_backup_restored_into_a_new_cluster_lets_her_sign_in_and_read_her_journal()
    {
        var (client, student) = await source.SignInNewStudentAsync(source.Clock.GetUtcNow());
        var words = $"What I keep safe {Guid.NewGuid():N}";
        var (_, lesson) = await client.GetAsync("/learn/welcome");
        await client.SubmitAsync(lesson, "form.journal-form", "/learn/welcome", new Dictionary<string, string> { ["text"] = words });
        Assert.Contains(words, await client.Http.GetStringAsync("/journal/export"));

        var backup = await ScriptRun.RunAsync("backup", [folder],
            new Dictionary<string, string> { ["ConnectionStrings__Default"] = source.Cluster.ConnectionString(PrivateClusterAppFactory.DatabaseName) });
        Assert.True(backup.ExitCode == 0, backup.Output);
        Assert.True(File.Exists(Path.Combine(folder, "database.dump")), backup.Output);
        // The key ring is encrypted to the certificate: the note tells the operator to keep that file (and which one).
        var note = await File.ReadAllTextAsync(Path.Combine(folder, "KEEP-WITH-THIS-BACKUP.txt"));
        Assert.Contains("KEEP WITH THIS BACKUP", note);
        Assert.Contains("DataProtection__KeyCertificatePath", note);
        Assert.Contains(X509CertificateLoader.LoadPkcs12FromFile(TestCertificates.KeyRingPath, TestCertificates.KeyRingPassword).Thumbprint, note);

        target = await PostgresCluster.CreateAsync(PostgresCluster.PortFor(2));
        var restoredDatabase = target.ConnectionString("restored");
        var env = new Dictionary<string, string> { ["ConnectionStrings__Default"] = restoredDatabase };
        var restore = await ScriptRun.RunAsync("restore", [folder], env);
        Assert.True(restore.ExitCode == 0, restore.Output);
        var again = await ScriptRun.RunAsync("restore", [folder], env);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("not empty", again.Output);

        var restored = new ExistingDatabaseAppFactory(restoredDatabase);
        try
        {
            await restored.InitializeAsync();
            var there = BrowserlessClient.Create(restored);
            await there.SignInAsync(student.Email!);
            Assert.Contains(words, await there.Http.GetStringAsync("/journal/export"));
        }
        finally
        {
            await restored.DisposeAsync();
        }
    }
}
