using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Author;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Author;

/// <summary>A published lesson's edits kept as a draft: students read the published text until it is published.</summary>
[Trait("Category", "Author")]
public sealed class LessonDraftTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly AuditActor Instructor = new("instructor-id", "instructor@example.com");

    private LessonAuthoring Authoring => app.Services.GetRequiredService<LessonAuthoring>();

    private async Task<string> StudentReadsAsync(string slug)
    {
        var (student, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-3));
        var (_, page) = await student.GetAsync($"/learn/{slug}");
        return page.QuerySelector("article.lesson")!.TextContent;
    }

    private async Task<IReadOnlyList<string>> AuditOfAsync(int lessonId)
    {
        await using var db = app.Database.CreateContext();
        return await db.AuditEntries.Where(a => a.Target == $"lesson:{lessonId}").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
    }

    [Fact]
    public async Task A_saved_draft_leaves_students_on_the_published_text_until_it_is_published()
    {
        var lesson = await ScratchLesson.PublishAsync(app, releaseAfterDays: 0);
        var draft = (await Authoring.LoadAsync(lesson.Id))!;
        Assert.True(draft.KeepsEditsAsDraft);
        var sentence = $"Draft paragraph {Guid.NewGuid():N}.";
        draft.BodyMarkdown += "\n\n" + sentence;
        Assert.Equal(LessonSaveOutcome.Saved, (await Authoring.SaveDraftAsync(draft, Instructor)).Outcome);

        Assert.DoesNotContain(sentence, await StudentReadsAsync(lesson.Slug));
        var cached = (await app.Services.GetRequiredService<CourseContentCache>().GetAsync())!.Lesson(lesson.Slug)!;
        Assert.DoesNotContain(sentence, cached.Html.Body);
        var reloaded = (await Authoring.LoadAsync(lesson.Id))!;
        Assert.True(reloaded.HasKeptDraft);
        Assert.Contains(sentence, reloaded.BodyMarkdown);

        Assert.Equal(LessonSaveOutcome.Saved, (await Authoring.PublishDraftAsync(reloaded, Instructor)).Outcome);
        Assert.Contains(sentence, await StudentReadsAsync(lesson.Slug));
        Assert.False((await Authoring.LoadAsync(lesson.Id))!.HasKeptDraft);
        var audit = await AuditOfAsync(lesson.Id);
        Assert.Equal([AuditActions.Lesson.DraftSaved, AuditActions.Lesson.Published], audit.Where(a => a != AuditActions.Lesson.Created && a != AuditActions.Lesson.Updated));
    }

    [Fact]
    public async Task A_discarded_draft_is_gone_and_students_never_saw_it()
    {
        var lesson = await ScratchLesson.PublishAsync(app, releaseAfterDays: 0);
        var draft = (await Authoring.LoadAsync(lesson.Id))!;
        var published = draft.BodyMarkdown;
        draft.BodyMarkdown = "Something she changed her mind about.";
        await Authoring.SaveDraftAsync(draft, Instructor);

        Assert.True(await Authoring.DiscardDraftAsync(lesson.Id, Instructor));
        var after = (await Authoring.LoadAsync(lesson.Id))!;
        Assert.False(after.HasKeptDraft);
        Assert.Equal(published, after.BodyMarkdown);
        Assert.DoesNotContain("changed her mind", await StudentReadsAsync(lesson.Slug));
        Assert.Contains(AuditActions.Lesson.DraftDiscarded, await AuditOfAsync(lesson.Id));
        Assert.False(await Authoring.DiscardDraftAsync(lesson.Id, Instructor));
    }

    [Fact]
    public async Task Publishing_a_draft_after_someone_else_changed_the_lesson_is_a_conflict()
    {
        var lesson = await ScratchLesson.PublishAsync(app, releaseAfterDays: 0);
        var mine = (await Authoring.LoadAsync(lesson.Id))!;
        mine.Title = "Mine";
        await Authoring.SaveDraftAsync(mine, Instructor);
        await using (var db = app.Database.CreateContext())
        {
            await db.Lessons.Where(l => l.Id == lesson.Id).ExecuteUpdateAsync(s => s.SetProperty(l => l.Minutes, 11));
        }
        var reopened = (await Authoring.LoadAsync(lesson.Id))!;
        Assert.Equal(LessonSaveOutcome.Conflict, (await Authoring.PublishDraftAsync(reopened, Instructor)).Outcome);
        await using var check = app.Database.CreateContext();
        Assert.NotEqual("Mine", await check.Lessons.Where(l => l.Id == lesson.Id).Select(l => l.Title).SingleAsync());
    }
}
