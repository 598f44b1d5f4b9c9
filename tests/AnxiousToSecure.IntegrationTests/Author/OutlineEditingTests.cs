using System.Net;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Author;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Author;

/// <summary>Creating, renaming, reordering and deleting through the /author page's own forms.</summary>
[Trait("Category", "Author")]
public sealed class OutlineEditingTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<List<string>> LessonOrderAsync(string moduleSlug)
    {
        await using var db = app.Database.CreateContext();
        return await db.Lessons.Where(l => l.Module!.Slug == moduleSlug).OrderBy(l => l.Position).Select(l => l.Slug).ToListAsync();
    }

    [Fact]
    public async Task Moving_a_lesson_down_swaps_it_with_the_next_and_is_audited()
    {
        // A module of its own, so the real course's order is never changed for the other tests here.
        var authoring = app.Services.GetRequiredService<LessonAuthoring>();
        var word = Guid.NewGuid().ToString("N")[..8];
        var moduleId = (await authoring.CreateModuleAsync($"Order {word}", AuditActor.System))!.Value;
        foreach (var n in new[] { "one", "two", "three" }) await authoring.CreateLessonAsync(moduleId, $"Order {word} {n}", AuditActor.System);
        string moduleSlug;
        await using (var db = app.Database.CreateContext()) moduleSlug = await db.Modules.Where(m => m.Id == moduleId).Select(m => m.Slug).SingleAsync();
        var before = await LessonOrderAsync(moduleSlug);
        Assert.Equal(3, before.Count);
        int firstId;
        await using (var db = app.Database.CreateContext()) firstId = await db.Lessons.Where(l => l.Slug == before[0]).Select(l => l.Id).SingleAsync();

        var instructor = await app.SignInNewUserAsync(Roles.Instructor);
        var (_, page) = await instructor.GetAsync("/author");
        var moved = await instructor.SubmitAsync(page, "form#outline", "/author", new Dictionary<string, string> { ["Move.LessonDown"] = firstId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);

        Assert.Equal([before[1], before[0], before[2]], await LessonOrderAsync(moduleSlug));
        await using var check = app.Database.CreateContext();
        Assert.True(await check.AuditEntries.AnyAsync(a => a.Action == "lesson.moved" && a.Target == $"lesson:{firstId}"));
    }

    [Fact]
    public async Task A_new_lesson_starts_as_an_unpublished_draft_and_can_be_deleted_after_confirmation()
    {
        var instructor = await app.SignInNewUserAsync(Roles.Instructor);
        int moduleId;
        await using (var db = app.Database.CreateContext()) moduleId = await db.Modules.Where(m => m.Slug == "foundations").Select(m => m.Id).SingleAsync();

        var (_, page) = await instructor.GetAsync("/author");
        var created = await instructor.SubmitAsync(page, "form#add-lesson", "/author",
            new Dictionary<string, string> { ["NewLesson.ModuleId"] = moduleId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["NewLesson.Title"] = "A Quiet Extra: Rest" });
        Assert.Matches(@"author/lessons/\d+$", created.Headers.Location!.OriginalString);
        await using (var db = app.Database.CreateContext())
        {
            var lesson = await db.Lessons.SingleAsync(l => l.Slug == "a-quiet-extra-rest");
            Assert.False(lesson.Published);
            var (studentClient, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-90));
            var (outlineResponse, outline) = await studentClient.GetAsync("/learn/outline");
            Assert.Equal(HttpStatusCode.OK, outlineResponse.StatusCode);
            Assert.NotEmpty(outline.QuerySelectorAll("a[href^='learn/']"));
            Assert.DoesNotContain("A Quiet Extra", outline.DocumentElement.TextContent);

            var (_, confirm) = await instructor.GetAsync($"/author?confirmDelete={lesson.Id}");
            Assert.Contains("Nobody has reached it yet", confirm.QuerySelector("#confirm-delete")!.TextContent);
            var deleted = await instructor.SubmitAsync(confirm, "form#confirm-delete", "/author", new Dictionary<string, string> { ["Delete.LessonId"] = lesson.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            Assert.Contains("deleted", Uri.UnescapeDataString(deleted.Headers.Location!.OriginalString));
        }
        await using var after = app.Database.CreateContext();
        Assert.False(await after.Lessons.AnyAsync(l => l.Slug == "a-quiet-extra-rest"));
    }

    [Fact]
    public async Task A_lesson_students_have_completed_is_unpublished_rather_than_destroyed()
    {
        var lesson = await ScratchLesson.PublishAsync(app, releaseAfterDays: 0);
        var (student, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-3));
        var (_, page) = await student.GetAsync($"/learn/{lesson.Slug}");
        Assert.Equal(HttpStatusCode.Redirect, (await student.SubmitAsync(page, "form.complete-form", $"/learn/{lesson.Slug}")).StatusCode);
        var id = lesson.Id;

        var admin = await app.SignInNewUserAsync(Roles.Admin);
        var (_, confirm) = await admin.GetAsync($"/author?confirmDelete={id}");
        var response = await admin.SubmitAsync(confirm, "form#confirm-delete", "/author", new Dictionary<string, string> { ["Delete.LessonId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        // The redirect carries only a key from the page's fixed list; the page says what happened.
        var (_, said) = await admin.GetAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("unpublished instead", said.QuerySelector("[role=status]")!.TextContent);

        await using var check = app.Database.CreateContext();
        var kept = await check.Lessons.SingleAsync(l => l.Id == id);
        Assert.False(kept.Published);
        Assert.True(await check.LessonProgress.AnyAsync(p => p.LessonId == id && p.CompletedAt != null));
    }

    [Fact]
    public async Task Modules_can_be_added_and_renamed()
    {
        var instructor = await app.SignInNewUserAsync(Roles.Instructor);
        var (_, page) = await instructor.GetAsync("/author");
        await instructor.SubmitAsync(page, "form#add-module", "/author", new Dictionary<string, string> { ["NewModule.Title"] = "Bonus: Looking Back" });
        int id;
        await using (var db = app.Database.CreateContext()) id = await db.Modules.Where(m => m.Slug == "bonus-looking-back").Select(m => m.Id).SingleAsync();

        (_, page) = await instructor.GetAsync("/author");
        await instructor.SubmitAsync(page, "form#rename-module", "/author",
            new Dictionary<string, string> { ["Rename.ModuleId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Rename.Title"] = "Bonus: Looking Back Kindly" });
        await using var check = app.Database.CreateContext();
        Assert.Equal("Bonus: Looking Back Kindly", await check.Modules.Where(m => m.Id == id).Select(m => m.Title).SingleAsync());
        Assert.True(await check.AuditEntries.AnyAsync(a => a.Action == "module.renamed" && a.Target == $"module:{id}"));
    }
}
