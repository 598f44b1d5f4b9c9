using System.Net;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.IntegrationTests.Learn;

/// <summary>What she has done in a lesson is kept: it never locks again, and its first completion time stays.</summary>
[Trait("Category", "Learn")]
public sealed class KeptProgressTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_lesson_she_has_opened_stays_open_through_her_progress_alone_when_it_is_moved_later()
    {
        var lesson = await ScratchLesson.PublishAsync(app, releaseAfterDays: 0);
        var (reader, user) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow());
        var (opened, _) = await reader.GetAsync($"/learn/{lesson.Slug}");
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        await app.WriteLeftOffAsync();
        await using (var db = app.Database.CreateContext())
        {
            // Only her progress row says she was here: no sweep has written a release row for it.
            Assert.True(await db.LessonProgress.AnyAsync(p => p.Enrollment!.UserId == user.Id && p.LessonId == lesson.Id));
            Assert.False(await db.LessonReleases.AnyAsync(r => r.Enrollment!.UserId == user.Id && r.LessonId == lesson.Id));
        }
        var (newcomer, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow());

        await lesson.ChangeAsync(d => d.ReleaseAfterDays = 30);

        var (again, page) = await reader.GetAsync($"/learn/{lesson.Slug}");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains(lesson.Text, page.DocumentElement.TextContent);
        // The move itself does lock it for someone who never opened it.
        var (locked, _) = await newcomer.GetAsync($"/learn/{lesson.Slug}");
        Assert.Equal(HttpStatusCode.Redirect, locked.StatusCode);
        Assert.Contains("access=Locked", locked.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Completing_a_lesson_again_from_a_stale_tab_keeps_the_first_completion_time()
    {
        var (client, user) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-1));
        var (_, stale) = await client.GetAsync("/learn/welcome");
        var first = app.Clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync(stale, "form.complete-form", "/learn/welcome")).StatusCode);

        app.Clock.Advance(TimeSpan.FromHours(5));
        // The second tab still shows "Mark complete": its post says complete, not "not complete".
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync(stale, "form.complete-form", "/learn/welcome")).StatusCode);

        await using var db = app.Database.CreateContext();
        var progress = await db.LessonProgress.SingleAsync(p => p.Enrollment!.UserId == user.Id && p.Lesson!.Slug == "welcome");
        Assert.Equal(first, progress.CompletedAt);
        Assert.Equal(1, await db.Enrollments.Where(e => e.UserId == user.Id).Select(e => e.CompletedLessons).SingleAsync());
    }
}
