using System.Security.Claims;
using AnxiousToSecure.Core.Author;
using AnxiousToSecure.Core.Data;
using Microsoft.AspNetCore.Identity;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.TestSupport;
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
    public async Task Saving_writes_the_lesson_and_clears_the_unsaved_mark()
    {
        var editor = RenderEditor();
        editor.WaitForElement("#title");
        editor.Find("#title").Change("Welcome, Gently");
        await editor.Find("form.lesson-editor").SubmitAsync();

        editor.WaitForAssertion(() => Assert.Contains("Saved.", editor.Find("[role=status]").TextContent));
        Assert.Equal("false", editor.Find("form.lesson-editor").GetAttribute("data-dirty"));
        await using var db = database.CreateContext();
        Assert.Equal("Welcome, Gently", await db.Lessons.Where(l => l.Id == lessonId).Select(l => l.Title).SingleAsync());
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
        Assert.Equal("Welcome: Starting Gently", await check.Lessons.Where(l => l.Id == lessonId).Select(l => l.Title).SingleAsync());
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
