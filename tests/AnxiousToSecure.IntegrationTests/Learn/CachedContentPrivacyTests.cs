using System.Net;
using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Learn;

/// <summary>
/// The lesson's content is cached and shared; what is hers never is. Two students read the same
/// lesson from one warm cache: each sees only her own progress and journal, and the lock of each
/// follows her own schedule.
/// </summary>
[Trait("Category", "Learn")]
public sealed class CachedContentPrivacyTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly LessonDocument Later = CourseContentReader.ReadFolder(TestPaths.CourseContent)
        .Modules.SelectMany(m => m.Lessons).First(l => l.ReleaseAfterDays > 0 && l.Published);

    [Fact]
    public async Task A_student_never_sees_another_students_progress_or_journal_from_the_cache()
    {
        var lesson = await ScratchLesson.PublishAsync(app, releaseAfterDays: 0);
        var url = $"/learn/{lesson.Slug}";
        var (ana, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-1));
        var (bea, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-1));

        var (_, anasPage) = await ana.GetAsync(url);
        var secret = $"Ana's private reflection {Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.Redirect, (await ana.SubmitAsync(anasPage, "form.journal-form", url, new Dictionary<string, string> { ["text"] = secret })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ana.SubmitAsync(anasPage, "form.complete-form", url)).StatusCode);
        var (_, anaAgain) = await ana.GetAsync(url);
        Assert.Contains(secret, anaAgain.QuerySelector("#reflection-text")!.TextContent);
        Assert.Contains("You completed this lesson", anaAgain.QuerySelector("form.complete-form")!.TextContent);

        var (response, beasPage) = await bea.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(lesson.Text, beasPage.DocumentElement.OuterHtml);
        Assert.DoesNotContain(secret, beasPage.DocumentElement.OuterHtml);
        Assert.Equal("", beasPage.QuerySelector("#reflection-text")!.TextContent);
        Assert.DoesNotContain("You completed this lesson", beasPage.QuerySelector("form.complete-form")!.TextContent);
        var (_, beasOutline) = await bea.GetAsync("/learn/outline");
        Assert.Empty(beasOutline.QuerySelectorAll(".lesson-completed"));
        var (_, anasOutline) = await ana.GetAsync("/learn/outline");
        Assert.Single(anasOutline.QuerySelectorAll(".lesson-completed"));
    }

    [Fact]
    public async Task A_lesson_open_to_one_student_stays_locked_for_another_from_the_same_cache()
    {
        var (early, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-Later.ReleaseAfterDays - 1));
        var (newcomer, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow());

        var (open, page) = await early.GetAsync($"/learn/{Later.Slug}");
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.NotNull(page.QuerySelector("article.lesson"));

        var (locked, lockedPage) = await newcomer.GetAsync($"/learn/{Later.Slug}");
        Assert.Equal(HttpStatusCode.Redirect, locked.StatusCode);
        Assert.Contains("access=Locked", locked.Headers.Location!.OriginalString);
        Assert.Null(lockedPage.QuerySelector("article.lesson"));
    }

    [Fact]
    public async Task Concurrent_first_readers_share_one_build_of_the_content()
    {
        var cache = app.Services.GetRequiredService<CourseContentCache>();
        cache.Drop();
        var before = cache.Builds;

        var all = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => cache.GetAsync())));

        Assert.Equal(1, cache.Builds - before);
        Assert.All(all, c => Assert.Same(all[0], c));
    }

    [Fact]
    public async Task A_rebuild_renders_only_the_lesson_that_changed()
    {
        var lesson = await ScratchLesson.PublishAsync(app, releaseAfterDays: 0);
        var cache = app.Services.GetRequiredService<CourseContentCache>();
        var before = (await cache.GetAsync())!;

        await lesson.ChangeAsync(d => d.BodyMarkdown = $"Changed {Guid.NewGuid():N}.");
        var after = (await cache.GetAsync())!;

        Assert.NotSame(before, after);
        var unchanged = before.Lessons.Where(l => l.Id != lesson.Id).ToList();
        Assert.NotEmpty(unchanged);
        Assert.All(unchanged, l => Assert.Same(l.Html, after.Lessons.Single(a => a.Id == l.Id).Html));
        Assert.NotSame(before.Lessons.Single(l => l.Id == lesson.Id).Html, after.Lessons.Single(l => l.Id == lesson.Id).Html);
    }
}
