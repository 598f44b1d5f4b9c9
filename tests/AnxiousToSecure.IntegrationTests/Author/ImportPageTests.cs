using System.Net;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Author;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Author;

/// <summary>Importing a zip in /author: an older folder asks before it overwrites edits made in the app.</summary>
[Trait("Category", "Author")]
public sealed class ImportPageTests : IAsyncLifetime
{
    private readonly AppFactory app = new();

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    private static Task<HttpResponseMessage> UploadZipAsync(BrowserlessClient client, byte[] zip) => CourseZipUpload.PostAsync(client, zip);

    private async Task<string> TitleAsync(string slug)
    {
        await using var db = app.Database.CreateContext();
        return await db.Lessons.Where(l => l.Slug == slug).Select(l => l.Title).SingleAsync();
    }

    /// <summary>Every lesson with its row version: equal lists mean nothing was written.</summary>
    private async Task<List<string>> LessonsAsync()
    {
        await using var db = app.Database.CreateContext();
        return [.. (await db.Lessons.OrderBy(l => l.Id).Select(l => new { l.Id, l.Slug, l.Version }).ToListAsync()).Select(l => $"{l.Id}:{l.Slug}:{l.Version}")];
    }

    [Fact]
    public async Task An_older_zip_asks_first_and_keeping_the_edits_imports_the_rest()
    {
        var instructor = await app.SignInNewUserAsync(Roles.Instructor);
        var olderZip = ChangedCourse.ZipWithTitle(await instructor.Http.GetByteArrayAsync("/author/export"), "what-attachment-is", "Changed in the zip");
        var authoring = app.Services.GetRequiredService<LessonAuthoring>();
        await using (var db = app.Database.CreateContext())
        {
            var draft = (await authoring.LoadAsync(await db.Lessons.Where(l => l.Slug == "welcome").Select(l => l.Id).SingleAsync()))!;
            draft.Title = "Welcome, edited here";
            await authoring.SaveAsync(draft, new AuditActor("i", "instructor@example.com"));
        }

        var original = await TitleAsync("what-attachment-is");
        var uploaded = await UploadZipAsync(instructor, olderZip);
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var (_, ask) = await instructor.GetAsync(uploaded.Headers.Location!.OriginalString);
        Assert.Contains("welcome", ask.QuerySelector("[role=alert]")!.TextContent);
        Assert.Equal("Welcome, edited here", await TitleAsync("welcome"));
        Assert.Equal(original, await TitleAsync("what-attachment-is")); // asking first changes nothing yet

        var kept = await instructor.SubmitAsync(ask, "form#import-confirm", "/author/import", new Dictionary<string, string> { ["policy"] = "keep" });
        var (_, done) = await instructor.GetAsync(kept.Headers.Location!.OriginalString);
        Assert.Contains("kept as edited in the app: welcome", done.QuerySelector("[role=status]")!.TextContent);
        Assert.Equal("Welcome, edited here", await TitleAsync("welcome"));
        Assert.Equal("Changed in the zip", await TitleAsync("what-attachment-is"));
    }

    [Fact]
    public async Task Choosing_overwrite_lets_the_files_win()
    {
        var instructor = await app.SignInNewUserAsync(Roles.Admin);
        var olderZip = await instructor.Http.GetByteArrayAsync("/author/export");
        var authoring = app.Services.GetRequiredService<LessonAuthoring>();
        await using (var db = app.Database.CreateContext())
        {
            var draft = (await authoring.LoadAsync(await db.Lessons.Where(l => l.Slug == "welcome").Select(l => l.Id).SingleAsync()))!;
            draft.Title = "Edited";
            await authoring.SaveAsync(draft, new AuditActor("i", "admin@example.com"));
        }
        var uploaded = await UploadZipAsync(instructor, olderZip);
        var (_, ask) = await instructor.GetAsync(uploaded.Headers.Location!.OriginalString);
        await instructor.SubmitAsync(ask, "form#import-confirm", "/author/import", new Dictionary<string, string> { ["policy"] = "overwrite" });
        Assert.Equal(CourseFiles.WelcomeTitle, await TitleAsync("welcome"));
    }

    [Fact]
    public async Task A_file_that_is_not_a_zip_changes_nothing_and_says_so()
    {
        var instructor = await app.SignInNewUserAsync(Roles.Instructor);
        var before = await LessonsAsync();
        var uploaded = await UploadZipAsync(instructor, "not a zip"u8.ToArray());
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var (_, page) = await instructor.GetAsync(uploaded.Headers.Location!.OriginalString);
        Assert.Contains("not a zip", page.QuerySelector("[role=status]")!.TextContent);
        Assert.Equal(before, await LessonsAsync());
    }
}
