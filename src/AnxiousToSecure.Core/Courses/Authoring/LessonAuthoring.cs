using System.ComponentModel.DataAnnotations;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Enrollments;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Courses.Authoring;

/// <summary>What the editor edits; <see cref="Version"/> is the row version it was loaded at.</summary>
public sealed class LessonDraft
{
    public int Id { get; set; }
    public uint Version { get; set; }
    public string ModuleTitle { get; set; } = "";

    [Required(ErrorMessage = "Title: give the lesson a title.")]
    [StringLength(200, ErrorMessage = "Title: at most 200 characters.")]
    public string Title { get; set; } = "";

    [Required(ErrorMessage = "Slug: the lesson needs a web address.")]
    [StringLength(100, ErrorMessage = "Slug: at most 100 characters.")]
    [RegularExpression("^[a-z0-9]+(-[a-z0-9]+)*$", ErrorMessage = "Slug: lowercase letters, digits and single hyphens only, like 'the-anxious-alarm'.")]
    public string Slug { get; set; } = "";

    [Range(0, 3650, ErrorMessage = "Release day: a whole number of days after enrollment, from 0 to 3650.")]
    public int ReleaseAfterDays { get; set; }

    [Range(1, 600, ErrorMessage = "Minutes: between 1 and 600.")]
    public int Minutes { get; set; } = 5;

    [Required(ErrorMessage = "Practice: every lesson offers one practice for the week.")]
    public string Practice { get; set; } = "";

    [Required(ErrorMessage = "Reflection prompt: every lesson ends with a question for the journal.")]
    public string ReflectionPrompt { get; set; } = "";

    public string? ContentNote { get; set; }

    public bool Published { get; set; }

    [Required(ErrorMessage = "Text: the lesson needs its reading.")]
    public string BodyMarkdown { get; set; } = "";
}

public sealed record OutlineLesson(int Id, string Slug, string Title, int ReleaseAfterDays, bool Published, int StudentsReached);

public sealed record OutlineModule(int Id, string Title, IReadOnlyList<OutlineLesson> Lessons);

public enum LessonSaveOutcome
{
    Saved,
    Invalid,

    /// <summary>Someone saved the lesson after this draft was loaded; nothing was overwritten.</summary>
    Conflict,
    NotFound,
}

public sealed record LessonSaveResult(LessonSaveOutcome Outcome, uint Version, IReadOnlyList<string> Errors, DateTimeOffset? TheirSaveAt = null);

/// <summary>
/// The instructor's edits to lessons. Each save is checked (field by field), refused on a version
/// conflict, written to the audit log, and lets the drip sweeper look again if the schedule changed.
/// Uses a context per call, so an interactive editor can hold it for the life of its circuit.
/// </summary>
public sealed class LessonAuthoring(IDbContextFactory<AppDbContext> dbs, TimeProvider time)
{
    public async Task<IReadOnlyList<OutlineModule>> OutlineAsync(CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var reached = await db.LessonReleases.GroupBy(r => r.LessonId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var modules = await db.Modules.AsNoTracking().OrderBy(m => m.CourseId).ThenBy(m => m.Position)
            .Select(m => new { m.Id, m.Title, Lessons = m.Lessons.OrderBy(l => l.Position).Select(l => new { l.Id, l.Slug, l.Title, l.ReleaseAfterDays, l.Published }).ToList() })
            .ToListAsync(ct);
        return [.. modules.Select(m => new OutlineModule(m.Id, m.Title,
            [.. m.Lessons.Select(l => new OutlineLesson(l.Id, l.Slug, l.Title, l.ReleaseAfterDays, l.Published, reached.GetValueOrDefault(l.Id)))]))];
    }

    public async Task<LessonDraft?> LoadAsync(int lessonId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Lessons.AsNoTracking().Where(l => l.Id == lessonId).Select(l => new LessonDraft
        {
            Id = l.Id, Version = l.Version, ModuleTitle = l.Module!.Title, Title = l.Title, Slug = l.Slug, ReleaseAfterDays = l.ReleaseAfterDays,
            Minutes = l.Minutes, Practice = l.Practice, ReflectionPrompt = l.ReflectionPrompt, ContentNote = l.ContentNote,
            Published = l.Published, BodyMarkdown = l.BodyMarkdown,
        }).SingleOrDefaultAsync(ct);
    }

    public async Task<LessonSaveResult> SaveAsync(LessonDraft draft, AuditActor actor, CancellationToken ct = default)
    {
        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(draft, new ValidationContext(draft), errors, validateAllProperties: true);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var lesson = await db.Lessons.SingleOrDefaultAsync(l => l.Id == draft.Id, ct);
        if (lesson is null) return new(LessonSaveOutcome.NotFound, 0, ["This lesson no longer exists."]);
        if (errors.Count == 0 && await db.Lessons.AnyAsync(l => l.CourseId == lesson.CourseId && l.Slug == draft.Slug && l.Id != draft.Id, ct))
        {
            errors.Add(new ValidationResult($"Slug: '{draft.Slug}' is already used by another lesson.", [nameof(LessonDraft.Slug)]));
        }
        if (errors.Count > 0) return new(LessonSaveOutcome.Invalid, draft.Version, [.. errors.Select(e => e.ErrorMessage!)]);

        // The version the editor loaded is the one we expect to overwrite.
        db.Entry(lesson).Property(l => l.Version).OriginalValue = draft.Version;
        var scheduleChanged = lesson.ReleaseAfterDays != draft.ReleaseAfterDays || lesson.Published != draft.Published;
        lesson.Title = draft.Title.Trim();
        lesson.Slug = draft.Slug;
        lesson.ReleaseAfterDays = draft.ReleaseAfterDays;
        lesson.Minutes = draft.Minutes;
        lesson.Practice = draft.Practice.Trim();
        lesson.ReflectionPrompt = draft.ReflectionPrompt.Trim();
        lesson.ContentNote = string.IsNullOrWhiteSpace(draft.ContentNote) ? null : draft.ContentNote.Trim();
        lesson.Published = draft.Published;
        lesson.BodyMarkdown = draft.BodyMarkdown.Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n');
        var changed = db.Entry(lesson).Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name).ToList();
        if (changed.Count == 0) return new(LessonSaveOutcome.Saved, lesson.Version, []);

        var now = time.GetUtcNow();
        lesson.UpdatedAt = now;
        AuditLog.Write(db, time, actor, "lesson.updated", null, $"lesson:{lesson.Id}", $"{lesson.Slug}: {string.Join(", ", changed)}");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            var theirs = await db.Lessons.AsNoTracking().Where(l => l.Id == draft.Id).Select(l => new { l.Version, l.UpdatedAt }).SingleAsync(ct);
            return new(LessonSaveOutcome.Conflict, theirs.Version, ["Someone else saved this lesson while you were editing. Your text is still here: copy it, reload, and apply your changes again."], theirs.UpdatedAt);
        }
        if (scheduleChanged)
        {
            await db.Enrollments.Where(e => e.CourseId == lesson.CourseId && e.Status == EnrollmentStatus.Active && e.PausedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.NextReleaseCheckAt, now), ct);
        }
        await tx.CommitAsync(ct);
        return new(LessonSaveOutcome.Saved, lesson.Version, []);
    }
}
