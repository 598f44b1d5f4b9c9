using System.Net;
using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Learn;

/// <summary>
/// Access is checked on every write too: an active student who posts to a lesson that has not
/// opened for her (with her own valid antiforgery token) changes nothing.
/// </summary>
[Trait("Category", "Learn")]
public sealed class LockedLessonWriteTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly LessonDocument Locked = CourseContentReader.ReadFolder(TestPaths.CourseContent)
        .Modules.SelectMany(m => m.Lessons).First(l => l.ReleaseAfterDays > 0);

    /// <summary>A student enrolled just now (the lesson is days away) and her antiforgery token from the first lesson's page.</summary>
    private async Task<(BrowserlessClient Client, ApplicationUser User, string Token)> ActiveStudentAsync()
    {
        var (client, user) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow());
        var (open, page) = await client.GetAsync("/learn/welcome");
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        var (locked, _) = await client.GetAsync($"/learn/{Locked.Slug}");
        Assert.Contains("access=Locked", locked.Headers.Location!.OriginalString);
        return (client, user, page.QuerySelector("form.complete-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!);
    }

    [Fact]
    public async Task Mark_complete_on_a_locked_lesson_is_refused_and_records_nothing()
    {
        var (client, user, token) = await ActiveStudentAsync();

        var posted = await client.Http.PostAsync($"/learn/{Locked.Slug}", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("_handler", "progress"), new("Complete", "true")]));

        // A locked lesson's page has no progress form, so the post has nothing to land on.
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        await using var db = app.Database.CreateContext();
        Assert.False(await db.LessonProgress.AnyAsync(p => p.Enrollment!.UserId == user.Id && p.Lesson!.Slug == Locked.Slug));
        Assert.Equal(0, await db.Enrollments.Where(e => e.UserId == user.Id).Select(e => e.CompletedLessons).SingleAsync());
    }

    [Fact]
    public async Task Progress_on_a_locked_lesson_is_refused_by_the_service_whatever_the_caller()
    {
        var (_, user, _) = await ActiveStudentAsync();
        using var scope = app.Services.CreateScope();
        var courses = scope.ServiceProvider.GetRequiredService<StudentCourseService>();
        var access = await courses.GetLessonAsync(user.Id, Locked.Slug);
        Assert.Equal(AccessDecision.Locked, access.Decision);

        await Assert.ThrowsAsync<InvalidOperationException>(() => courses.SetCompletedAsync(access, completed: true));

        await using var db = app.Database.CreateContext();
        Assert.False(await db.LessonProgress.AnyAsync(p => p.Enrollment!.UserId == user.Id && p.Lesson!.Slug == Locked.Slug));
    }

    [Fact]
    public async Task The_same_post_on_her_open_lesson_does_complete_it()
    {
        // The control: the post above is the page's own, so only the lock stops it.
        var (client, user, token) = await ActiveStudentAsync();

        var posted = await client.Http.PostAsync("/learn/welcome", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("_handler", "progress"), new("Complete", "true")]));

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        await using var db = app.Database.CreateContext();
        Assert.True(await db.LessonProgress.AnyAsync(p => p.Enrollment!.UserId == user.Id && p.Lesson!.Slug == "welcome" && p.CompletedAt != null));
    }

    [Fact]
    public async Task A_new_journal_entry_for_a_locked_lesson_is_refused_and_nothing_is_stored()
    {
        var (client, user, token) = await ActiveStudentAsync();

        var form = await client.Http.PostAsync($"/journal/entries/{Locked.Slug}", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("text", "written before it opened")]));
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);

        using var json = new HttpRequestMessage(HttpMethod.Post, $"/journal/entries/{Locked.Slug}")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("text", "autosaved before it opened")]),
        };
        json.Headers.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("application/json"));
        var autosave = await client.Http.SendAsync(json);
        Assert.Equal(HttpStatusCode.Forbidden, autosave.StatusCode);
        Assert.Contains("\"saved\":false", await autosave.Content.ReadAsStringAsync());

        await using var db = app.Database.CreateContext();
        Assert.False(await db.JournalEntries.AnyAsync(e => e.UserId == user.Id));
    }
}
