using System.IO.Compression;
using System.Net;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Email;
using AnxiousToSecure.Core.Smtp;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AnxiousToSecure.IntegrationTests.Faults;

/// <summary>The import folder on a tiny disk of its own (a real tmpfs), which the tests fill or make read-only.</summary>
public sealed class SmallImportDiskAppFactory : AppFactory
{
    public SmallDisk Disk { get; } = SmallDisk.Mount(1024 * 1024);

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => [new("Import:TempFolder", Path.Combine(Disk.Path, "import"))];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Disk.Dispose();
    }
}

/// <summary>
/// A full or read-only disk where the app writes files (the Development pickup folder for mail, the import
/// folder for course zips; attachments live in PostgreSQL): a clear error, and nothing half-written left behind.
/// </summary>
[Trait("Category", "Faults")]
public sealed class FullDiskTests : IAsyncLifetime
{
    private readonly SmallImportDiskAppFactory app = new();

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task A_mail_written_to_a_full_or_read_only_pickup_folder_fails_whole_and_leaves_no_part_behind()
    {
        using var disk = SmallDisk.Mount(64 * 1024);
        var folder = Path.Combine(disk.Path, "mail");
        var transport = new PickupFolderTransport(Options.Create(new EmailOptions { PickupDirectory = folder }), new FakeTimeProvider(AppFactory.StartTime));
        var message = new EmailMessage
        {
            From = new EmailAddress("hello@example.com"),
            To = new EmailAddress("her@example.com"),
            Subject = "Your next lesson is ready",
            TextBody = new string('x', 32 * 1024),
        };
        await transport.SendAsync(message);
        Assert.Single(disk.Files(), f => f.EndsWith(".eml", StringComparison.Ordinal));

        disk.Fill(leaveBytes: 8 * 1024);
        var full = await Assert.ThrowsAnyAsync<IOException>(() => transport.SendAsync(message));
        Assert.Contains("space", full.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, disk.Files().Count); // the folder and the first message
        Assert.DoesNotContain(disk.Files(), f => f.EndsWith(".tmp", StringComparison.Ordinal));

        disk.MakeReadOnly();
        await Assert.ThrowsAnyAsync<Exception>(() => transport.SendAsync(message));
        Assert.Equal(2, disk.Files().Count);
        Assert.DoesNotContain(disk.Files(), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_course_zip_on_a_full_or_read_only_import_disk_is_refused_with_a_clear_message_and_nothing_is_imported()
    {
        var instructor = await app.SignInNewUserAsync(Roles.Instructor);
        var zip = CourseZip(out var lessonFiles);
        Assert.True(lessonFiles > 3);
        await using var db = app.Database.CreateContext();
        var auditBefore = await db.AuditEntries.CountAsync();

        // The zip itself fits, but its extracted files do not (tmpfs keeps whole pages per file).
        app.Disk.Fill(leaveBytes: zip.Length + 8 * 1024);
        await AssertRefusedAsync(instructor, zip);

        // Not even the upload fits.
        app.Disk.Fill(leaveBytes: 0);
        await AssertRefusedAsync(instructor, zip);

        File.Delete(Path.Combine(app.Disk.Path, "filler"));
        app.Disk.MakeReadOnly();
        await AssertRefusedAsync(instructor, zip);

        Assert.Equal(auditBefore, await db.AuditEntries.CountAsync());
        Assert.DoesNotContain(app.Errors.Entries, e => e.Contains("Unhandled", StringComparison.Ordinal));
    }

    private async Task AssertRefusedAsync(BrowserlessClient instructor, byte[] zip)
    {
        var response = await CourseZipUpload.PostAsync(instructor, zip);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"answered {(int)response.StatusCode}: {app.Errors}");
        var (_, page) = await instructor.GetAsync(response.Headers.Location!.OriginalString);
        Assert.True(page.DocumentElement.TextContent.Contains("import folder is full or cannot be written", StringComparison.Ordinal),
            $"free {new DriveInfo(app.Disk.Path).AvailableFreeSpace}, zip {zip.Length}, files {string.Join(",", app.Disk.Files())}: {response.Headers.Location}");
        Assert.Contains("Nothing was imported", page.DocumentElement.TextContent);
        // Nothing half-written stays: no upload, no extracted folder (the import folder itself may remain).
        Assert.DoesNotContain(app.Disk.Files(), f => f != "import");
    }

    /// <summary>The real course, zipped as /author/export gives it; with the count of files in it.</summary>
    private static byte[] CourseZip(out int files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            files = 0;
            foreach (var file in Directory.EnumerateFiles(TestPaths.CourseContent, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                files++;
                zip.CreateEntryFromFile(file, "course-content/" + Path.GetRelativePath(TestPaths.CourseContent, file).Replace('\\', '/'), CompressionLevel.Optimal);
            }
        }
        return buffer.ToArray();
    }
}
