using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Author;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.TestSupport.Author;

/// <summary>
/// A lesson of the test's own, made and changed through the instructor's service, so that tests
/// sharing a class database never change the real course's lessons.
/// </summary>
public sealed record ScratchLesson(AppFactory App, int Id, string Slug, string Text)
{
    /// <summary>A published lesson at the end of the first module, opening <paramref name="releaseAfterDays"/> days after enrollment.</summary>
    public static async Task<ScratchLesson> PublishAsync(AppFactory app, int releaseAfterDays)
    {
        var authoring = app.Services.GetRequiredService<LessonAuthoring>();
        var module = (await authoring.OutlineAsync())[0];
        var word = Guid.NewGuid().ToString("N")[..10];
        var id = await authoring.CreateLessonAsync(module.Id, $"Scratch {word}", AuditActor.System) ?? throw new InvalidOperationException("no lesson created");
        var lesson = new ScratchLesson(app, id, (await authoring.LoadAsync(id))!.Slug, $"Scratch lesson text {word}, long enough to recognise.");
        await lesson.ChangeAsync(d =>
        {
            d.Published = true;
            d.ReleaseAfterDays = releaseAfterDays;
            d.BodyMarkdown = lesson.Text;
            d.Practice = "Notice one breath.";
            d.ReflectionPrompt = "What did you notice?";
        });
        return lesson;
    }

    /// <summary>Edits the lesson as the instructor's editor does (audited, the sweeper told).</summary>
    public async Task ChangeAsync(Action<LessonDraft> change)
    {
        var authoring = App.Services.GetRequiredService<LessonAuthoring>();
        var draft = (await authoring.LoadAsync(Id))!;
        change(draft);
        var saved = await authoring.SaveAsync(draft, AuditActor.System);
        if (saved.Outcome != LessonSaveOutcome.Saved) throw new InvalidOperationException($"lesson {Id} not saved: {saved.Outcome} {string.Join("; ", saved.Errors)}");
    }
}
