using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Author;
using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Author;

/// <summary>Lesson files travel with the course files: export, import, export again, nothing lost or changed.</summary>
[Trait("Category", "Author")]
public sealed class AttachmentRoundTripTests : IAsyncLifetime
{
    private static readonly byte[] Pdf = "%PDF-1.4\nworksheet\n%%EOF\n"u8.ToArray();
    private readonly AppFactory app = new();
    private readonly string temp = Path.Combine(Path.GetTempPath(), $"ats-files-{Guid.NewGuid():N}");

    public Task InitializeAsync() => app.InitializeAsync();

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
    }

    [Fact]
    public async Task Export_then_import_keeps_every_attachment_byte_for_byte()
    {
        int lessonId;
        await using (var db = app.Database.CreateContext()) lessonId = await db.Lessons.Where(l => l.Slug == "welcome").Select(l => l.Id).SingleAsync();
        var upload = await app.Services.GetRequiredService<LessonAttachments>()
            .UploadAsync(lessonId, "first-week.pdf", new MemoryStream(Pdf), Pdf.Length, new AuditActor("i", "instructor@example.com"));
        Assert.True(upload.Ok, upload.Message);

        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<CourseExporter>().ExportFolderAsync(temp);
        Assert.Equal(Pdf, File.ReadAllBytes(Path.Combine(temp, "01-foundations", "01-welcome.files", "first-week.pdf")));

        await using (var db = app.Database.CreateContext()) await db.LessonAttachments.ExecuteDeleteAsync();
        var restored = await scope.ServiceProvider.GetRequiredService<CourseImporter>().ImportFolderAsync(temp);
        Assert.Equal((1, 0), (restored.Created, restored.Updated));
        await using (var db = app.Database.CreateContext())
        {
            var file = await db.LessonAttachments.SingleAsync();
            Assert.Equal(("first-week.pdf", "application/pdf", lessonId), (file.FileName, file.ContentType, file.LessonId));
            Assert.Equal(Pdf, file.Content);
        }
        var again = await scope.ServiceProvider.GetRequiredService<CourseImporter>().ImportFolderAsync(temp);
        Assert.Equal((0, 0), (again.Created, again.Updated));
    }

    [Fact]
    public void A_disguised_file_in_a_lesson_folder_is_reported_with_its_path()
    {
        CourseContentWriter.WriteFolder(CourseContentReader.ReadFolder(TestPaths.CourseContent), temp);
        var files = Directory.CreateDirectory(Path.Combine(temp, "01-foundations", "01-welcome.files"));
        File.WriteAllText(Path.Combine(files.FullName, "notes.pdf"), "<script>not a pdf</script>");

        var error = Assert.Throws<ContentFormatException>(() => CourseContentReader.ReadFolder(temp));
        Assert.Equal("01-foundations/01-welcome.files/notes.pdf", error.File);
        Assert.Contains("does not look like a PDF", error.Problem);
    }
}
