using System.Net;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Author;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Author;

[Trait("Category", "Author")]
public sealed class LessonAuthoringTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly AuditActor Instructor = new("instructor-id", "instructor@example.com");

    private LessonAuthoring Authoring => app.Services.GetRequiredService<LessonAuthoring>();

    private async Task<int> LessonIdAsync(string slug)
    {
        await using var db = app.Database.CreateContext();
        return await db.Lessons.Where(l => l.Slug == slug).Select(l => l.Id).SingleAsync();
    }

    [Fact]
    public async Task A_saved_edit_is_what_students_read_next_and_is_audited()
    {
        var lesson = await ScratchLesson.PublishAsync(app, releaseAfterDays: 0);
        var id = lesson.Id;
        var draft = (await Authoring.LoadAsync(id))!;
        draft.BodyMarkdown = draft.BodyMarkdown + "\n\nA new closing paragraph, added in the editor.";
        var result = await Authoring.SaveAsync(draft, Instructor);
        Assert.Equal(LessonSaveOutcome.Saved, result.Outcome);

        var (student, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-3));
        var (_, page) = await student.GetAsync($"/learn/{lesson.Slug}");
        Assert.Contains("A new closing paragraph, added in the editor.", page.QuerySelector(".prose")!.TextContent);
        await using var db = app.Database.CreateContext();
        var entry = await db.AuditEntries.OrderByDescending(a => a.Id).FirstAsync(a => a.Action == "lesson.updated");
        Assert.Equal(("instructor@example.com", $"lesson:{id}"), (entry.Actor, entry.Target));
        Assert.Contains("BodyMarkdown", entry.Details);
    }

    [Fact]
    public async Task A_created_lesson_and_its_audit_entry_are_written_together()
    {
        int moduleId;
        await using (var db = app.Database.CreateContext()) moduleId = await db.Modules.Where(m => m.Slug == "foundations").Select(m => m.Id).SingleAsync();

        var id = await Authoring.CreateLessonAsync(moduleId, "Written with its entry", Instructor);

        Assert.NotNull(id);
        await using var check = app.Database.CreateContext();
        Assert.Equal("written-with-its-entry", await check.Lessons.Where(l => l.Id == id).Select(l => l.Slug).SingleAsync());
        var entry = await check.AuditEntries.SingleAsync(a => a.Action == "lesson.created" && a.Target == $"lesson:{id}");
        Assert.Equal(Instructor.Name, entry.Actor);
    }

    [Fact]
    public async Task A_lesson_whose_audit_entry_cannot_be_written_is_not_created_either()
    {
        int moduleId;
        await using (var db = app.Database.CreateContext()) moduleId = await db.Modules.Where(m => m.Slug == "foundations").Select(m => m.Id).SingleAsync();
        // The audit log's actor column holds 256 characters: this entry fails after the lesson row was inserted.
        var unwritable = new AuditActor("instructor-id", new string('x', 300));

        await Assert.ThrowsAsync<DbUpdateException>(() => Authoring.CreateLessonAsync(moduleId, "Lost with its entry", unwritable));

        await using var check = app.Database.CreateContext();
        Assert.False(await check.Lessons.AnyAsync(l => l.Slug == "lost-with-its-entry"));
        Assert.False(await check.AuditEntries.AnyAsync(a => a.Action == "lesson.created" && a.Details!.StartsWith("lost-with-its-entry")));
    }

    [Fact]
    public async Task Two_people_saving_the_same_lesson_get_a_conflict_not_an_overwrite()
    {
        var id = (await ScratchLesson.PublishAsync(app, releaseAfterDays: 0)).Id;
        var mine = (await Authoring.LoadAsync(id))!;
        var theirs = (await Authoring.LoadAsync(id))!;
        theirs.Title = "Their title";
        Assert.Equal(LessonSaveOutcome.Saved, (await Authoring.SaveAsync(theirs, Instructor)).Outcome);

        mine.Title = "My title";
        var result = await Authoring.SaveAsync(mine, Instructor);
        Assert.Equal(LessonSaveOutcome.Conflict, result.Outcome);
        Assert.Contains("Someone else saved", Assert.Single(result.Errors));
        Assert.Equal("Their title", (await Authoring.LoadAsync(id))!.Title);
    }

    [Fact]
    public async Task Invalid_fields_are_refused_with_the_field_and_the_reason()
    {
        var id = await LessonIdAsync("reassurance-seeking");
        var draft = (await Authoring.LoadAsync(id))!;
        var before = draft.Title;
        draft.Title = "";
        draft.Slug = "Not A Slug";
        draft.ReleaseAfterDays = -1;
        draft.ReflectionPrompt = " ";
        var result = await Authoring.SaveAsync(draft, Instructor);

        Assert.Equal(LessonSaveOutcome.Invalid, result.Outcome);
        Assert.Contains(result.Errors, e => e.StartsWith("Title:"));
        Assert.Contains(result.Errors, e => e.StartsWith("Slug:"));
        Assert.Contains(result.Errors, e => e.StartsWith("Release day:"));
        Assert.Contains(result.Errors, e => e.StartsWith("Reflection prompt:"));
        Assert.Equal(before, (await Authoring.LoadAsync(id))!.Title);

        var taken = (await Authoring.LoadAsync(id))!;
        taken.Slug = "welcome";
        Assert.Contains("already used", Assert.Single((await Authoring.SaveAsync(taken, Instructor)).Errors));
    }

    [Fact]
    public async Task Script_and_event_handler_payloads_in_a_lesson_never_reach_a_student_as_active_content()
    {
        var lesson = await ScratchLesson.PublishAsync(app, releaseAfterDays: 0);
        var draft = (await Authoring.LoadAsync(lesson.Id))!;
        draft.BodyMarkdown = """
            Safe words first, and [a safe link](https://example.com/).

            <script>alert('x')</script>
            <img src="x" onerror="alert('x')">
            [click](javascript:alert('x')) and [data](data:text/html;base64,PHNjcmlwdD4=)
            <svg><script>alert('x')</script><circle onload="alert('x')"/></svg>
            <a href="JaVaScRiPt:alert('x')">mixed case</a>
            <div style="background:url(javascript:alert('x'))">styled
            <iframe src="https://example.com"></iframe><form action="https://evil.example"><input name="p"></form>
            """;
        Assert.Equal(LessonSaveOutcome.Saved, (await Authoring.SaveAsync(draft, Instructor)).Outcome);

        var (student, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow());
        var (_, page) = await student.GetAsync($"/learn/{lesson.Slug}");
        var prose = page.QuerySelector(".prose")!;
        Assert.Contains("Safe words first", prose.TextContent);
        Assert.Empty(prose.QuerySelectorAll("script, iframe, form, input, svg, [onerror], [onload], [style]"));
        Assert.Contains(prose.QuerySelectorAll("a[href]"), a => a.GetAttribute("href") == "https://example.com/");
        Assert.All(prose.QuerySelectorAll("a[href]"), a => Assert.DoesNotMatch("^(javascript|data):", a.GetAttribute("href")!.ToLowerInvariant()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(Roles.Student)]
    public async Task Visitors_and_students_cannot_open_the_author_pages(string? role)
    {
        var id = await LessonIdAsync("welcome");
        var client = role is null ? BrowserlessClient.Create(app) : await app.SignInNewUserAsync(role);
        foreach (var url in new[] { "/author", $"/author/lessons/{id}" })
        {
            var response = await client.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains(role is null ? "/Account/Login" : "/Account/AccessDenied", response.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task The_instructor_sees_the_outline_and_the_editor_with_a_preview()
    {
        var id = await LessonIdAsync("welcome");
        var instructor = await app.SignInNewUserAsync(Roles.Instructor);
        var (_, outline) = await instructor.GetAsync("/author");
        Assert.NotNull(outline.QuerySelector($"a[href='author/lessons/{id}']"));
        var (response, editor) = await instructor.GetAsync($"/author/lessons/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CourseFiles.WelcomeTitle, editor.QuerySelector("#title")!.GetAttribute("value"));
        Assert.Contains(CourseFiles.PlainWords("welcome"), editor.QuerySelector("#preview")!.TextContent);
    }
}
