using System.ComponentModel.DataAnnotations;
using System.Globalization;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Author;

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
    [NotReservedSlug]
    public string Slug { get; set; } = "";

    [Range(0, 3650, ErrorMessage = "Release day: a whole number of days after enrollment, from 0 to 3650.")]
    public int ReleaseAfterDays { get; set; }

    [Range(1, 600, ErrorMessage = "Minutes: between 1 and 600.")]
    public int Minutes { get; set; } = 5;

    [Required(ErrorMessage = "Practice: every lesson offers one practice for the days until the next.")]
    public string Practice { get; set; } = "";

    [Required(ErrorMessage = "Reflection prompt: every lesson ends with a question for the journal.")]
    public string ReflectionPrompt { get; set; } = "";

    public string? ContentNote { get; set; }

    public bool Published { get; set; }

    /// <summary>Anyone may read it from the course page, without an account (<c>free_preview</c>).</summary>
    public bool FreePreview { get; set; }

    [Required(ErrorMessage = "Text: the lesson needs its reading.")]
    public string BodyMarkdown { get; set; } = "";

    /// <summary>Whether students can read the lesson now (as stored, not as ticked in the editor).</summary>
    public bool LivePublished { get; set; }

    /// <summary>Whether these fields come from a kept draft rather than from what students read.</summary>
    public bool HasKeptDraft { get; set; }

    public DateTimeOffset? DraftSavedAt { get; set; }

    /// <summary>
    /// Edits to a lesson students can read, that stays published, are kept as a draft until the
    /// instructor publishes them; anything else (a draft lesson, publishing or unpublishing) saves at once.
    /// </summary>
    public bool KeepsEditsAsDraft => LivePublished && Published;
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

public enum LessonRemoval
{
    Deleted,

    /// <summary>Students have reached it (progress, an unlock or a journal entry), so it was unpublished instead.</summary>
    Unpublished,
    NotFound,
}

public sealed record LessonSaveResult(LessonSaveOutcome Outcome, uint Version, IReadOnlyList<string> Errors, DateTimeOffset? TheirSaveAt = null);

/// <summary>
/// The instructor's edits to lessons. Each save is checked (field by field), refused on a version
/// conflict, written to the audit log, and lets the drip sweeper look again if the schedule changed.
/// Uses a context per call, so an interactive editor can hold it for the life of its circuit.
/// Every change goes through <see cref="ContentWrites"/>, so students on every instance see it.
/// </summary>
public sealed class LessonAuthoring(IDbContextFactory<AppDbContext> dbs, TimeProvider time, CourseContentCache? content = null)
{
    public async Task<IReadOnlyList<OutlineModule>> OutlineAsync(CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var reached = await Reachers(db).GroupBy(r => r.LessonId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var modules = await db.Modules.AsNoTracking().OrderBy(m => m.CourseId).ThenBy(m => m.Position)
            .Select(m => new { m.Id, m.Title, Lessons = m.Lessons.OrderBy(l => l.Position).Select(l => new { l.Id, l.Slug, l.Title, l.ReleaseAfterDays, l.Published }).ToList() })
            .ToListAsync(ct);
        return [.. modules.Select(m => new OutlineModule(m.Id, m.Title,
            [.. m.Lessons.Select(l => new OutlineLesson(l.Id, l.Slug, l.Title, l.ReleaseAfterDays, l.Published, reached.GetValueOrDefault(l.Id)))]))];
    }

    /// <summary>The lesson as stored, for the instructor's preview; null if it no longer exists.</summary>
    public async Task<Lesson?> FindLessonAsync(int lessonId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Lessons.AsNoTracking().SingleOrDefaultAsync(l => l.Id == lessonId, ct);
    }

    /// <summary>The lesson to edit: its kept draft if it has one, else what students read.</summary>
    public async Task<LessonDraft?> LoadAsync(int lessonId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var draft = await db.Lessons.AsNoTracking().Where(l => l.Id == lessonId).Select(l => new LessonDraft
        {
            Id = l.Id, Version = l.Version, ModuleTitle = l.Module!.Title, Title = l.Title, Slug = l.Slug, ReleaseAfterDays = l.ReleaseAfterDays,
            Minutes = l.Minutes, Practice = l.Practice, ReflectionPrompt = l.ReflectionPrompt, ContentNote = l.ContentNote,
            Published = l.Published, LivePublished = l.Published, BodyMarkdown = l.BodyMarkdown, FreePreview = l.FreePreview,
        }).SingleOrDefaultAsync(ct);
        if (draft is null || await db.LessonDrafts.AsNoTracking().SingleOrDefaultAsync(d => d.LessonId == lessonId, ct) is not { } kept) return draft;
        // The version it was written over: publishing it over someone else's later change is a conflict.
        draft.Version = (uint)kept.BaseVersion;
        draft.Title = kept.Title;
        draft.Slug = kept.Slug;
        draft.ReleaseAfterDays = kept.ReleaseAfterDays;
        draft.Minutes = kept.Minutes;
        draft.Practice = kept.Practice;
        draft.ReflectionPrompt = kept.ReflectionPrompt;
        draft.ContentNote = kept.ContentNote;
        draft.BodyMarkdown = kept.BodyMarkdown;
        draft.FreePreview = kept.FreePreview;
        draft.Published = true;
        draft.HasKeptDraft = true;
        draft.DraftSavedAt = kept.SavedAt;
        return draft;
    }

    /// <summary>
    /// Keeps the editor's fields as the lesson's draft. The lesson row is not touched and no content
    /// change is signalled, so what students read (and the cache of it) stays as published.
    /// </summary>
    public async Task<LessonSaveResult> SaveDraftAsync(LessonDraft draft, AuditActor actor, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (lesson, refused) = await CheckAsync(db, draft, ct);
        if (refused is not null) return refused;
        if (!lesson!.Published) return new(LessonSaveOutcome.Invalid, draft.Version, ["This lesson is not published, so there is no published version to keep: save it instead."]);
        if (lesson.Version != draft.Version) return Conflict(lesson.Version, lesson.UpdatedAt);

        var kept = await db.LessonDrafts.SingleOrDefaultAsync(d => d.LessonId == lesson.Id, ct);
        if (kept is null)
        {
            kept = new KeptLessonDraft { LessonId = lesson.Id, Title = "", Slug = "" };
            db.LessonDrafts.Add(kept);
        }
        kept.Title = draft.Title.Trim();
        kept.Slug = draft.Slug;
        kept.ReleaseAfterDays = draft.ReleaseAfterDays;
        kept.Minutes = draft.Minutes;
        kept.Practice = draft.Practice.Trim();
        kept.ReflectionPrompt = draft.ReflectionPrompt.Trim();
        kept.ContentNote = string.IsNullOrWhiteSpace(draft.ContentNote) ? null : draft.ContentNote.Trim();
        kept.BodyMarkdown = Normalize(draft.BodyMarkdown);
        kept.FreePreview = draft.FreePreview;
        kept.BaseVersion = lesson.Version;
        kept.SavedAt = time.GetUtcNow();
        AuditLog.Write(db, time, actor, AuditActions.Lesson.DraftSaved, null, $"lesson:{lesson.Id}", $"{lesson.Slug}: {string.Join(", ", DifferingFields(lesson, kept))}");
        await db.SaveChangesAsync(ct);
        return new(LessonSaveOutcome.Saved, lesson.Version, []);
    }

    /// <summary>Makes the editor's fields (the kept draft, with any edits since) what students read, and drops the draft.</summary>
    public Task<LessonSaveResult> PublishDraftAsync(LessonDraft draft, AuditActor actor, CancellationToken ct = default)
    {
        draft.Published = true;
        return WriteAsync(draft, actor, AuditActions.Lesson.Published, ct);
    }

    /// <summary>Throws the kept draft away; students never saw it. False if there was none.</summary>
    public async Task<bool> DiscardDraftAsync(int lessonId, AuditActor actor, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var kept = await db.LessonDrafts.Include(d => d.Lesson).SingleOrDefaultAsync(d => d.LessonId == lessonId, ct);
        if (kept is null) return false;
        db.LessonDrafts.Remove(kept);
        AuditLog.Write(db, time, actor, AuditActions.Lesson.DraftDiscarded, null, $"lesson:{lessonId}", kept.Lesson!.Slug);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// Whether this account still holds a staff role, read from the database. An editor's circuit can
    /// outlive the role it opened with, so the editor asks before each save.
    /// </summary>
    public async Task<bool> MayEditAsync(string? userId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await Accounts.StaffRoles.HoldsAsync(db, userId, ct);
    }

    /// <summary>Saves the editor's fields as what students read (and drops any kept draft, whose fields the editor showed).</summary>
    public Task<LessonSaveResult> SaveAsync(LessonDraft draft, AuditActor actor, CancellationToken ct = default) =>
        WriteAsync(draft, actor, AuditActions.Lesson.Updated, ct);

    private async Task<LessonSaveResult> WriteAsync(LessonDraft draft, AuditActor actor, string auditAction, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (found, refused) = await CheckAsync(db, draft, ct);
        if (refused is not null) return refused;
        var lesson = found!;
        var kept = await db.LessonDrafts.SingleOrDefaultAsync(d => d.LessonId == lesson.Id, ct);
        if (kept is not null) db.LessonDrafts.Remove(kept);

        // The version the editor loaded is the one we expect to overwrite.
        db.Entry(lesson).Property(l => l.Version).OriginalValue = draft.Version;
        var publishingChanged = lesson.Published != draft.Published;
        var scheduleChanged = lesson.ReleaseAfterDays != draft.ReleaseAfterDays || publishingChanged;
        lesson.Title = draft.Title.Trim();
        lesson.Slug = draft.Slug;
        lesson.ReleaseAfterDays = draft.ReleaseAfterDays;
        lesson.Minutes = draft.Minutes;
        lesson.Practice = draft.Practice.Trim();
        lesson.ReflectionPrompt = draft.ReflectionPrompt.Trim();
        lesson.ContentNote = string.IsNullOrWhiteSpace(draft.ContentNote) ? null : draft.ContentNote.Trim();
        lesson.Published = draft.Published;
        lesson.FreePreview = draft.FreePreview;
        lesson.BodyMarkdown = Normalize(draft.BodyMarkdown);
        var changed = db.Entry(lesson).Properties.Where(p => p.IsModified)
            .Select(p => new FieldChange(p.Metadata.Name, Convert.ToString(p.OriginalValue, CultureInfo.InvariantCulture) ?? "", Convert.ToString(p.CurrentValue, CultureInfo.InvariantCulture) ?? ""))
            .ToList();
        if (changed.Count == 0 && kept is null) return new(LessonSaveOutcome.Saved, lesson.Version, []);

        var now = time.GetUtcNow();
        if (changed.Count > 0)
        {
            lesson.UpdatedAt = now;
            lesson.EditedInAppAt = now;
        }
        else
        {
            // Only the draft goes: still checked against the version it was written over.
            db.Entry(lesson).Property(l => l.UpdatedAt).IsModified = true;
        }
        AuditLog.Write(db, time, actor, auditAction, null, $"lesson:{lesson.Id}",
            changed.Count == 0 ? $"{lesson.Slug}: no changes" : LessonEditDetails.Write(lesson.Slug, changed));
        try
        {
            await ContentWrites.RunAsync(db, content, async ct =>
            {
                await db.SaveChangesAsync(ct);
                if (scheduleChanged)
                {
                    await db.Enrollments.Where(e => e.CourseId == lesson.CourseId && e.Status == EnrollmentStatus.Active && e.PausedAt == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(e => e.NextReleaseCheckAt, now), ct);
                }
                if (publishingChanged) await LearnSql.RecountProgressOfLessonAsync(db, lesson.Id, ct);
            }, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Rolled back: nothing of this save was written.
            var theirs = await db.Lessons.AsNoTracking().Where(l => l.Id == draft.Id).Select(l => new { l.Version, l.UpdatedAt }).SingleAsync(ct);
            return Conflict(theirs.Version, theirs.UpdatedAt);
        }
        return new(LessonSaveOutcome.Saved, lesson.Version, []);
    }

    /// <summary>The lesson to write to, or why not: it is gone, a field is invalid, or the slug is taken.</summary>
    private static async Task<(Lesson? Lesson, LessonSaveResult? Refused)> CheckAsync(AppDbContext db, LessonDraft draft, CancellationToken ct)
    {
        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(draft, new ValidationContext(draft), errors, validateAllProperties: true);
        var lesson = await db.Lessons.SingleOrDefaultAsync(l => l.Id == draft.Id, ct);
        if (lesson is null) return (null, new(LessonSaveOutcome.NotFound, 0, ["This lesson no longer exists."]));
        if (errors.Count == 0 && await db.Lessons.AnyAsync(l => l.CourseId == lesson.CourseId && l.Slug == draft.Slug && l.Id != draft.Id, ct))
        {
            errors.Add(new ValidationResult($"Slug: '{draft.Slug}' is already used by another lesson.", [nameof(LessonDraft.Slug)]));
        }
        return errors.Count > 0 ? (lesson, new(LessonSaveOutcome.Invalid, draft.Version, [.. errors.Select(e => e.ErrorMessage!)])) : (lesson, null);
    }

    private static LessonSaveResult Conflict(uint theirVersion, DateTimeOffset theirSaveAt) =>
        new(LessonSaveOutcome.Conflict, theirVersion, ["Someone else saved this lesson while you were editing. Your text is still here: copy it, reload, and apply your changes again."], theirSaveAt);

    private static string Normalize(string markdown) => markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n');

    /// <summary>Which fields the draft changes, for its audit entry.</summary>
    private static IEnumerable<string> DifferingFields(Lesson live, KeptLessonDraft kept)
    {
        if (live.Title != kept.Title) yield return nameof(Lesson.Title);
        if (live.Slug != kept.Slug) yield return nameof(Lesson.Slug);
        if (live.ReleaseAfterDays != kept.ReleaseAfterDays) yield return nameof(Lesson.ReleaseAfterDays);
        if (live.Minutes != kept.Minutes) yield return nameof(Lesson.Minutes);
        if (live.Practice != kept.Practice) yield return nameof(Lesson.Practice);
        if (live.ReflectionPrompt != kept.ReflectionPrompt) yield return nameof(Lesson.ReflectionPrompt);
        if (live.ContentNote != kept.ContentNote) yield return nameof(Lesson.ContentNote);
        if (live.BodyMarkdown != kept.BodyMarkdown) yield return nameof(Lesson.BodyMarkdown);
        if (live.FreePreview != kept.FreePreview) yield return nameof(Lesson.FreePreview);
    }

    /// <summary>A new draft lesson at the end of a module (unpublished until the instructor publishes it).</summary>
    public async Task<int?> CreateLessonAsync(int moduleId, string title, AuditActor actor, CancellationToken ct = default)
    {
        title = title.Trim();
        if (title.Length is 0 or > 200) return null;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var module = await db.Modules.Include(m => m.Lessons).SingleOrDefaultAsync(m => m.Id == moduleId, ct);
        if (module is null) return null;
        var lastDay = await db.Lessons.Where(l => l.CourseId == module.CourseId).MaxAsync(l => (int?)l.ReleaseAfterDays, ct) ?? 0;
        var slug = await FreeSlugAsync(db, module.CourseId, Slugify(title), ct);
        var lesson = new Lesson
        {
            CourseId = module.CourseId, ModuleId = module.Id, Slug = slug, Title = title, Position = module.Lessons.Count == 0 ? 1 : module.Lessons.Max(l => l.Position) + 1,
            ReleaseAfterDays = lastDay, Minutes = 5, Published = false, UpdatedAt = time.GetUtcNow(), EditedInAppAt = time.GetUtcNow(),
        };
        db.Lessons.Add(lesson);
        // The audit entry needs the lesson's id, so two saves, in one transaction: no lesson without its entry.
        await ContentWrites.RunAsync(db, content, async ct =>
        {
            await db.SaveChangesAsync(ct);
            AuditLog.Write(db, time, actor, AuditActions.Lesson.Created, null, $"lesson:{lesson.Id}", $"{slug} in module {module.Slug}");
            await db.SaveChangesAsync(ct);
        }, ct);
        return lesson.Id;
    }

    /// <summary>Deletes a lesson nobody has reached; one that students have reached is unpublished instead, keeping their progress and journal.</summary>
    public async Task<LessonRemoval> RemoveLessonAsync(int lessonId, AuditActor actor, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var lesson = await db.Lessons.SingleOrDefaultAsync(l => l.Id == lessonId, ct);
        if (lesson is null) return LessonRemoval.NotFound;
        if (await Reachers(db).AnyAsync(r => r.LessonId == lessonId, ct))
        {
            lesson.Published = false;
            lesson.UpdatedAt = time.GetUtcNow();
            AuditLog.Write(db, time, actor, AuditActions.Lesson.Unpublished, null, $"lesson:{lesson.Id}", $"{lesson.Slug}: asked to delete, but students have reached it");
            await ContentWrites.RunAsync(db, content, async ct =>
            {
                await db.SaveChangesAsync(ct);
                await LearnSql.RecountProgressOfLessonAsync(db, lesson.Id, ct);
            }, ct);
            return LessonRemoval.Unpublished;
        }
        db.Lessons.Remove(lesson);
        AuditLog.Write(db, time, actor, AuditActions.Lesson.Deleted, null, $"lesson:{lesson.Id}", lesson.Slug);
        await ContentWrites.RunAsync(db, content, ct => db.SaveChangesAsync(ct), ct);
        return LessonRemoval.Deleted;
    }

    /// <summary>Moves a lesson one place up (-1) or down (+1) within its module.</summary>
    public async Task MoveLessonAsync(int lessonId, int step, AuditActor actor, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var lesson = await db.Lessons.SingleOrDefaultAsync(l => l.Id == lessonId, ct);
        if (lesson is null) return;
        var siblings = await db.Lessons.Where(l => l.ModuleId == lesson.ModuleId).OrderBy(l => l.Position).ThenBy(l => l.Id).ToListAsync(ct);
        if (Swap(siblings, siblings.IndexOf(lesson), step, (l, p) => l.Position = p))
        {
            AuditLog.Write(db, time, actor, AuditActions.Lesson.Moved, null, $"lesson:{lesson.Id}", $"{lesson.Slug} {(step < 0 ? "up" : "down")}");
            await ContentWrites.RunAsync(db, content, ct => db.SaveChangesAsync(ct), ct);
        }
    }

    public async Task MoveModuleAsync(int moduleId, int step, AuditActor actor, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var module = await db.Modules.SingleOrDefaultAsync(m => m.Id == moduleId, ct);
        if (module is null) return;
        var siblings = await db.Modules.Where(m => m.CourseId == module.CourseId).OrderBy(m => m.Position).ThenBy(m => m.Id).ToListAsync(ct);
        if (Swap(siblings, siblings.IndexOf(module), step, (m, p) => m.Position = p))
        {
            AuditLog.Write(db, time, actor, AuditActions.Module.Moved, null, $"module:{module.Id}", $"{module.Slug} {(step < 0 ? "up" : "down")}");
            await ContentWrites.RunAsync(db, content, ct => db.SaveChangesAsync(ct), ct);
        }
    }

    public async Task<int?> CreateModuleAsync(string title, AuditActor actor, CancellationToken ct = default)
    {
        title = title.Trim();
        if (title.Length is 0 or > 200) return null;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var course = await db.Courses.TheCourse().FirstOrDefaultAsync(ct);
        if (course is null) return null;
        var slug = Slugify(title);
        for (var n = 2; await db.Modules.AnyAsync(m => m.CourseId == course.Id && m.Slug == slug, ct); n++) slug = $"{Slugify(title)}-{n}";
        var module = new Module
        {
            CourseId = course.Id, Slug = slug, Title = title, UpdatedAt = time.GetUtcNow(),
            Position = (await db.Modules.Where(m => m.CourseId == course.Id).MaxAsync(m => (int?)m.Position, ct) ?? 0) + 1,
        };
        db.Modules.Add(module);
        // As for a lesson: no module without its audit entry.
        await ContentWrites.RunAsync(db, content, async ct =>
        {
            await db.SaveChangesAsync(ct);
            AuditLog.Write(db, time, actor, AuditActions.Module.Created, null, $"module:{module.Id}", slug);
            await db.SaveChangesAsync(ct);
        }, ct);
        return module.Id;
    }

    public async Task<bool> RenameModuleAsync(int moduleId, string title, AuditActor actor, CancellationToken ct = default)
    {
        title = title.Trim();
        if (title.Length is 0 or > 200) return false;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var module = await db.Modules.SingleOrDefaultAsync(m => m.Id == moduleId, ct);
        if (module is null) return false;
        AuditLog.Write(db, time, actor, AuditActions.Module.Renamed, null, $"module:{module.Id}", $"'{module.Title}' -> '{title}'");
        module.Title = title;
        module.UpdatedAt = time.GetUtcNow();
        await ContentWrites.RunAsync(db, content, ct => db.SaveChangesAsync(ct), ct);
        return true;
    }

    private static IQueryable<LessonReacher> Reachers(AppDbContext db) => LessonReach.Reachers(db.LessonReleases, db.LessonProgress, db.JournalEntries);

    private static bool Swap<T>(List<T> items, int index, int step, Action<T, int> setPosition)
    {
        var other = index + Math.Sign(step);
        if (index < 0 || other < 0 || other >= items.Count) return false;
        (items[index], items[other]) = (items[other], items[index]);
        for (var i = 0; i < items.Count; i++) setPosition(items[i], i + 1);
        return true;
    }

    private static async Task<string> FreeSlugAsync(AppDbContext db, int courseId, string slug, CancellationToken ct)
    {
        var candidate = slug;
        for (var n = 2; await db.Lessons.AnyAsync(l => l.CourseId == courseId && l.Slug == candidate, ct); n++) candidate = $"{slug}-{n}";
        return candidate;
    }

    /// <summary>"Repair, Not Perfection!" → "repair-not-perfection".</summary>
    public static string Slugify(string title)
    {
        var chars = title.ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD)
            .Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            .Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-');
        var slug = string.Join('-', new string([.. chars]).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length == 0 ? "lesson" : slug[..Math.Min(slug.Length, 90)].TrimEnd('-');
    }
}
