using System.Net;
using System.Net.Http.Headers;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.IntegrationTests.Faults;

/// <summary>
/// Lesson attachments are kept in PostgreSQL. Their table is moved to a tablespace on a tiny disk of its own,
/// which the test fills: PostgreSQL refuses the write ("could not extend file": disk full), the instructor is
/// told so, and nothing is half-saved (no row, no audit entry, a replaced file still the old one).
/// </summary>
[Trait("Category", "Faults")]
public sealed class AttachmentStorageFullTests : IAsyncLifetime
{
    private readonly PrivateClusterAppFactory app = new(portOffset: 3);
    private SmallDisk? disk;

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        disk = SmallDisk.Mount(4 * 1024 * 1024);
        await app.Cluster.OwnAsync(disk.Path);
        await app.Cluster.PsqlAsync($"CREATE TABLESPACE attachments LOCATION '{disk.Path}'");
        await app.Cluster.PsqlAsync("ALTER TABLE \"LessonAttachments\" SET TABLESPACE attachments", PrivateClusterAppFactory.DatabaseName);
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        disk?.Dispose();
    }

    [Fact]
    public async Task An_upload_to_a_full_database_disk_is_refused_plainly_and_leaves_nothing_half_saved()
    {
        int lessonId;
        await using (var db = app.CreateContext())
        {
            lessonId = await db.Lessons.Where(l => l.Slug == "what-attachment-is").Select(l => l.Id).SingleAsync();
        }
        var instructor = await app.SignInNewUserAsync(Roles.Instructor);
        var small = Pdf(20 * 1024);
        Assert.Contains("added", await UploadAsync(instructor, lessonId, "worksheet.pdf", small));

        disk!.Fill(leaveBytes: 64 * 1024);
        var refused = await UploadAsync(instructor, lessonId, "recording-notes.pdf", Pdf(1024 * 1024));
        Assert.Contains("storage is full", refused);
        Assert.Contains("Nothing was changed", refused);
        // Replacing the first file with a larger one fails too, and the first one stays as it was.
        Assert.Contains("storage is full", await UploadAsync(instructor, lessonId, "worksheet.pdf", Pdf(1024 * 1024)));

        await using (var db = app.CreateContext())
        {
            var kept = Assert.Single(await db.LessonAttachments.AsNoTracking().Where(a => a.LessonId == lessonId).ToListAsync());
            Assert.Equal("worksheet.pdf", kept.FileName);
            Assert.Equal(small, kept.Content);
            Assert.Single(await db.AuditEntries.AsNoTracking().Where(a => a.Target == $"lesson:{lessonId}").ToListAsync());
        }
        Assert.DoesNotContain(app.Errors.Entries, e => e.Contains("Unhandled", StringComparison.Ordinal));

        // Room again: the same upload goes through.
        File.Delete(Path.Combine(disk.Path, "filler"));
        Assert.Contains("added", await UploadAsync(instructor, lessonId, "recording-notes.pdf", Pdf(1024 * 1024)));
    }

    /// <summary>A PDF-looking file of random (incompressible) bytes.</summary>
    private static byte[] Pdf(int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        "%PDF-1.4\n"u8.CopyTo(bytes);
        return bytes;
    }

    /// <summary>Uploads through the page's own multipart form (with its antiforgery token); returns the message shown after.</summary>
    private async Task<string> UploadAsync(BrowserlessClient client, int lessonId, string name, byte[] content)
    {
        var (_, page) = await client.GetAsync($"/author/lessons/{lessonId}/attachments");
        var token = page.QuerySelector("form#upload input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", name);
        var response = await client.Http.PostAsync($"/author/lessons/{lessonId}/attachments/upload", form);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"answered {(int)response.StatusCode}: {app.Errors}");
        var (_, after) = await client.GetAsync(response.Headers.Location!.OriginalString);
        return after.QuerySelector("[role=status]")!.TextContent;
    }
}
