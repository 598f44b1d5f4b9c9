using System.Security.Claims;
using AnxiousToSecure.Core.Author;
using AnxiousToSecure.Core.Data;
using Microsoft.AspNetCore.Identity;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using AnxiousToSecure.Web.Features.Author;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Author;

/// <summary>The interactive lesson editor, rendered with bunit over a real database.</summary>
[Trait("Category", "Author")]
public sealed class LessonEditorComponentTests : IAsyncLifetime
{
    private readonly TestDatabase database = new(TestDatabaseContent.Course);
    private readonly BunitContext bunit = new();
    private const string InstructorId = "editor-instructor";
    private int lessonId;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        await using (var db = database.CreateContext())
        {
            lessonId = await db.Lessons.Where(l => l.Slug == "welcome").Select(l => l.Id).SingleAsync();
            // The editor asks the database whether she still holds a staff role before each save.
            db.Users.Add(new ApplicationUser { Id = InstructorId, UserName = "instructor@example.com", Email = "instructor@example.com", CreatedAt = DateTimeOffset.UtcNow });
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = InstructorId, RoleId = "role-instructor" });
            await db.SaveChangesAsync();
        }
        bunit.Services.AddSingleton(new LessonAuthoring(database.ContextFactory, TimeProvider.System));
        bunit.Services.AddSingleton<LessonRenderer>();
        bunit.AddAuthorization().SetAuthorized("instructor@example.com").SetRoles("Instructor")
            .SetClaims(new Claim(ClaimTypes.NameIdentifier, InstructorId));
        bunit.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        // NavigationLock talks to the browser; "Discard draft" asks with confirm(), answered yes here.
        bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        bunit.JSInterop.Setup<bool>("confirm", _ => true).SetResult(true);
    }

    public async Task DisposeAsync()
    {
        await bunit.DisposeAsync();
        await database.DisposeAsync();
    }

    private IRenderedComponent<LessonEditor> RenderEditor() =>
        bunit.Render<CascadingAuthenticationState>(p => p.AddChildContent<LessonEditor>(e => e.Add(x => x.LessonId, lessonId)))
            .FindComponent<LessonEditor>();

    [Fact]
    public void Typing_in_the_text_updates_the_preview_through_the_students_sanitizer()
    {
        var editor = RenderEditor();
        editor.WaitForElement("#body");
        editor.Find("#body").Input("## Breathing room\n\nSlow is fine. <script>alert(1)</script><img src=x onerror=alert(1)>");

        // The preview renders after the input event has been handled: wait for it rather than race it.
        editor.WaitForAssertion(() => Assert.Equal("Breathing room", editor.Find("#preview").QuerySelector("h2")?.TextContent));
        var preview = editor.Find("#preview");
        Assert.Empty(preview.QuerySelectorAll("script, [onerror]"));
        Assert.Equal("true", editor.Find("form.lesson-editor").GetAttribute("data-dirty"));
        Assert.Contains("Unsaved changes", editor.Markup);
    }

    [Fact]
    public async Task Saving_a_published_lesson_keeps_a_draft_and_publish_draft_makes_it_what_students_read()
    {
        var editor = RenderEditor();
        editor.WaitForElement("#title");
        editor.Find("#title").Change("Welcome, Gently");
        await editor.Find("form.lesson-editor").SubmitAsync();

        editor.WaitForAssertion(() => Assert.Contains("Draft saved", editor.Find("[role=status]").TextContent));
        Assert.Equal("false", editor.Find("form.lesson-editor").GetAttribute("data-dirty"));
        await using (var db = database.CreateContext())
        {
            Assert.Equal(CourseFiles.WelcomeTitle, await db.Lessons.Where(l => l.Id == lessonId).Select(l => l.Title).SingleAsync());
            Assert.Equal("Welcome, Gently", await db.LessonDrafts.Where(d => d.LessonId == lessonId).Select(d => d.Title).SingleAsync());
        }

        // The draft survives a reload: a new editor opens on it.
        var reopened = RenderEditor();
        reopened.WaitForAssertion(() => Assert.Equal("Welcome, Gently", reopened.Find("#title").GetAttribute("value")));
        await reopened.FindAll("button").Single(b => b.TextContent == "Publish draft").ClickAsync(new());
        reopened.WaitForAssertion(() => Assert.Contains("Published", reopened.Find("[role=status]").TextContent));
        await using var check = database.CreateContext();
        Assert.Equal("Welcome, Gently", await check.Lessons.Where(l => l.Id == lessonId).Select(l => l.Title).SingleAsync());
        Assert.False(await check.LessonDrafts.AnyAsync(d => d.LessonId == lessonId));
    }

    [Fact]
    public async Task Discard_draft_brings_back_the_published_text()
    {
        var editor = RenderEditor();
        editor.WaitForElement("#title");
        editor.Find("#title").Change("Not this one");
        await editor.Find("form.lesson-editor").SubmitAsync();
        editor.WaitForAssertion(() => Assert.Contains("Draft saved", editor.Find("[role=status]").TextContent));

        await editor.FindAll("button").Single(b => b.TextContent == "Discard draft").ClickAsync(new());
        editor.WaitForAssertion(() => Assert.Equal(CourseFiles.WelcomeTitle, editor.Find("#title").GetAttribute("value")));
        Assert.Contains("Draft discarded", editor.Find("[role=status]").TextContent);
        Assert.DoesNotContain(editor.FindAll("button"), b => b.TextContent == "Discard draft");
        await using var db = database.CreateContext();
        Assert.False(await db.LessonDrafts.AnyAsync(d => d.LessonId == lessonId));
    }

    [Fact]
    public void The_preview_shows_the_practice_and_the_reflection_prompt_as_students_see_them()
    {
        var editor = RenderEditor();
        editor.WaitForElement("#practice");
        editor.Find("#practice").Change("Breathe out **slowly** three times.");
        editor.Find("#prompt").Change("What helped today?");
        editor.WaitForAssertion(() => Assert.Equal("slowly", editor.Find("#preview .practice strong").TextContent));
        Assert.Equal("What helped today?", editor.Find("#preview .reflection .reflection-prompt").TextContent);
    }

    [Fact]
    public async Task A_save_after_someone_else_saved_shows_a_conflict_and_keeps_her_text()
    {
        var editor = RenderEditor();
        editor.WaitForElement("#title");
        await using (var db = database.CreateContext())
        {
            await db.Lessons.Where(l => l.Id == lessonId).ExecuteUpdateAsync(s => s.SetProperty(l => l.Minutes, 9));
        }
        editor.Find("#title").Change("Mine");
        await editor.Find("form.lesson-editor").SubmitAsync();

        editor.WaitForAssertion(() => Assert.Contains("Someone else saved", editor.Find("[role=alert]").TextContent));
        Assert.Equal("Mine", editor.Find("#title").GetAttribute("value"));
        await using var check = database.CreateContext();
        Assert.Equal(CourseFiles.WelcomeTitle, await check.Lessons.Where(l => l.Id == lessonId).Select(l => l.Title).SingleAsync());
    }

    [Fact]
    public async Task An_invalid_field_is_named_with_its_reason()
    {
        var editor = RenderEditor();
        editor.WaitForElement("#slug");
        editor.Find("#slug").Change("Has Spaces");
        await editor.Find("form.lesson-editor").SubmitAsync();
        editor.WaitForAssertion(() => Assert.Contains("Slug: lowercase letters", editor.Markup));
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task A_save_after_her_role_was_taken_away_is_refused_even_in_the_open_editor()
    {
        var editor = RenderEditor();
        editor.WaitForElement("#title");
        await using (var db = database.CreateContext())
        {
            await db.UserRoles.Where(r => r.UserId == InstructorId).ExecuteDeleteAsync();
        }
        editor.Find("#title").Change("Taken over");
        await editor.Find("form.lesson-editor").SubmitAsync();

        editor.WaitForAssertion(() => Assert.Contains("You can no longer edit the course", editor.Find("[role=alert]").TextContent));
        Assert.Equal("true", editor.Find("form.lesson-editor").GetAttribute("data-dirty"));
        await using var check = database.CreateContext();
        Assert.NotEqual("Taken over", await check.Lessons.Where(l => l.Id == lessonId).Select(l => l.Title).SingleAsync());
        Assert.False(await check.AuditEntries.AnyAsync(e => e.Target == $"lesson:{lessonId}"));
    }
}
