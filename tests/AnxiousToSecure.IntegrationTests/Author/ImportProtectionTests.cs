using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Author;
using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using AnxiousToSecure.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Author;

/// <summary>Re-importing an older folder never silently overwrites what the instructor wrote in the app.</summary>
[Trait("Category", "Author")]
public sealed class ImportProtectionTests : IAsyncLifetime
{
    private readonly AppFactory app = new();

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    private async Task EditInAppAsync(string slug, string title)
    {
        var authoring = app.Services.GetRequiredService<LessonAuthoring>();
        await using var db = app.Database.CreateContext();
        var draft = (await authoring.LoadAsync(await db.Lessons.Where(l => l.Slug == slug).Select(l => l.Id).SingleAsync()))!;
        draft.Title = title;
        Assert.Equal(LessonSaveOutcome.Saved, (await authoring.SaveAsync(draft, new AuditActor("i", "instructor@example.com"))).Outcome);
    }

    private async Task<string> TitleAsync(string slug)
    {
        await using var db = app.Database.CreateContext();
        return await db.Lessons.Where(l => l.Slug == slug).Select(l => l.Title).SingleAsync();
    }

    [Fact]
    public async Task By_default_the_import_stops_naming_the_lessons_edited_in_the_app_and_changes_nothing()
    {
        await EditInAppAsync("the-anxious-alarm", "Edited in the app");
        var before = await TitleAsync("what-attachment-is");
        var folder = ChangedCourse.FolderWithTitle("what-attachment-is", "Changed in the folder");
        try
        {
            using var scope = app.Services.CreateScope();
            var conflict = await Assert.ThrowsAsync<AppEditsConflictException>(() =>
                scope.ServiceProvider.GetRequiredService<CourseImporter>().ImportFolderAsync(folder));
            Assert.Equal(["the-anxious-alarm"], conflict.Slugs);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        Assert.Equal("Edited in the app", await TitleAsync("the-anxious-alarm"));
        Assert.Equal(before, await TitleAsync("what-attachment-is"));

        Assert.Equal(1, await AppCommands.RunAsync(app.Services, ["import-content", TestPaths.CourseContent]));
    }

    [Fact]
    public async Task Keep_imports_the_rest_and_leaves_the_app_edits()
    {
        await EditInAppAsync("the-anxious-alarm", "Edited in the app");
        var folder = ChangedCourse.FolderWithTitle("what-attachment-is", "Changed in the folder");
        try
        {
            var result = await app.Services.CreateScope().ServiceProvider.GetRequiredService<CourseImporter>()
                .ImportFolderAsync(folder, AppEditsPolicy.Keep);
            Assert.Equal(["the-anxious-alarm"], result.KeptAppEdits);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        Assert.Equal("Edited in the app", await TitleAsync("the-anxious-alarm"));
        Assert.Equal("Changed in the folder", await TitleAsync("what-attachment-is"));
        Assert.Equal(0, await AppCommands.RunAsync(app.Services, ["import-content", TestPaths.CourseContent, "--keep-app-edits"]));
    }

    [Fact]
    public async Task Overwrite_lets_the_folder_win_and_clears_the_mark()
    {
        await EditInAppAsync("the-anxious-alarm", "Edited in the app");
        Assert.Equal(0, await AppCommands.RunAsync(app.Services, ["import-content", TestPaths.CourseContent, "--overwrite-app-edits"]));
        var original = CourseContentReader.ReadFolder(TestPaths.CourseContent).Modules.SelectMany(m => m.Lessons).Single(l => l.Slug == "the-anxious-alarm").Title;
        Assert.Equal(original, await TitleAsync("the-anxious-alarm"));
        // Nothing left to protect: a plain import now goes through.
        Assert.Equal(0, await AppCommands.RunAsync(app.Services, ["import-content", TestPaths.CourseContent]));
    }
}
