using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Author.Content;

/// <summary>What an import does to lessons that were edited in the app since they were last imported.</summary>
public enum AppEditsPolicy
{
    /// <summary>Stop and change nothing, naming the lessons (the default: an older folder never wins silently).</summary>
    Refuse,

    /// <summary>Import everything else; lessons edited in the app stay as they are.</summary>
    Keep,

    /// <summary>The folder wins.</summary>
    Overwrite,
}

/// <summary>The import would overwrite lessons edited in the app since they were last imported.</summary>
public sealed class AppEditsConflictException(IReadOnlyList<string> slugs)
    : Exception($"These lessons were edited in the app and differ from the folder: {string.Join(", ", slugs)}. Export first, or choose to keep or overwrite the app's edits.")
{
    public IReadOnlyList<string> Slugs { get; } = slugs;
}

/// <summary>Counts of courses, modules, lessons and references; <see cref="Updated"/> includes the unpublished lessons and removed references.</summary>
public sealed record ImportResult(int Created, int Updated, int Unchanged, IReadOnlyList<string> Unpublished)
{
    /// <summary>Lessons left as edited in the app (with <see cref="AppEditsPolicy.Keep"/>).</summary>
    public IReadOnlyList<string> KeptAppEdits { get; init; } = [];

    public bool ChangedAnything => Created + Updated > 0;

    public override string ToString() =>
        $"{Created} created, {Updated} updated, {Unchanged} unchanged" +
        (Unpublished.Count > 0 ? $", unpublished (no longer in the folder): {string.Join(", ", Unpublished)}" : "") +
        (KeptAppEdits.Count > 0 ? $", kept as edited in the app: {string.Join(", ", KeptAppEdits)}" : "");
}

/// <summary>
/// Upserts a <see cref="CourseDocument"/> by slug in one SaveChanges (one transaction). Re-importing an unchanged folder
/// writes nothing. A lesson missing from the folder is unpublished, never deleted, because students
/// may have progress and reflections on it.
/// </summary>
public sealed class CourseImporter(AppDbContext db, TimeProvider time, CourseContentCache? content = null)
{
    public async Task<ImportResult> ImportFolderAsync(string folder, CancellationToken ct = default) =>
        await ImportAsync(CourseContentReader.ReadFolder(folder), AppEditsPolicy.Refuse, ct);

    public async Task<ImportResult> ImportFolderAsync(string folder, AppEditsPolicy appEdits, CancellationToken ct = default) =>
        await ImportAsync(CourseContentReader.ReadFolder(folder), appEdits, ct);

    public Task<ImportResult> ImportAsync(CourseDocument doc, CancellationToken ct = default) => ImportAsync(doc, AppEditsPolicy.Refuse, ct);

    /// <summary>An import someone asked for (the upload page, the command): checked against who asks, and audited with what changed.</summary>
    public async Task<ImportResult> ImportFolderAsync(string folder, AppEditsPolicy appEdits, ImportRequest request, CancellationToken ct = default) =>
        await ImportAsync(CourseContentReader.ReadFolder(folder), appEdits, request, ct);

    public Task<ImportResult> ImportAsync(CourseDocument doc, AppEditsPolicy appEdits, CancellationToken ct = default) => ImportAsync(doc, appEdits, null, ct);

    public async Task<ImportResult> ImportAsync(CourseDocument doc, AppEditsPolicy appEdits, ImportRequest? request, CancellationToken ct = default)
    {
        var course = await db.Courses
            .Include(c => c.Modules).ThenInclude(m => m.Lessons)
            .Include(c => c.References)
            .AsSplitQuery()
            .SingleOrDefaultAsync(c => c.Slug == doc.Slug, ct);
        if (request?.PriceProblem(course, doc) is { } notAllowed) throw new ImportNotAllowedException(notAllowed);
        var priceBefore = course is null ? null : MoneyText.Format(course.PriceMinor, course.Currency);
        if (course is null)
        {
            course = new Course { Slug = doc.Slug, Title = doc.Title };
            db.Courses.Add(course);
        }

        course.Title = doc.Title;
        course.Tagline = doc.Tagline;
        course.Description = doc.Description;
        course.PriceMinor = doc.PriceMinor;
        course.Currency = doc.Currency;
        course.DefaultTimeZone = doc.DefaultTimeZone;
        course.MorningUnlockHour = doc.MorningUnlockHour;
        course.EarlyUnlockLimit = doc.EarlyUnlockLimit;
        course.PlanPayments = doc.PaymentPlan?.Payments;
        course.PlanAmountMinor = doc.PaymentPlan?.AmountMinor;
        course.SalesPage = doc.SalesPage;
        // Compared by content, so an unchanged photo is not written again.
        if (!(course.AuthorPhoto ?? []).AsSpan().SequenceEqual(doc.AuthorPhoto ?? [])) course.AuthorPhoto = doc.AuthorPhoto;

        var lessonsBySlug = course.Modules.SelectMany(m => m.Lessons).ToDictionary(l => l.Slug, StringComparer.Ordinal);
        var seenLessons = new HashSet<string>(StringComparer.Ordinal);
        for (var mi = 0; mi < doc.Modules.Count; mi++)
        {
            var md = doc.Modules[mi];
            var module = course.Modules.SingleOrDefault(m => m.Slug == md.Slug);
            if (module is null)
            {
                module = new Module { Slug = md.Slug, Title = md.Title };
                course.Modules.Add(module);
            }
            module.Title = md.Title;
            module.Summary = md.Summary;
            module.Position = mi + 1;

            for (var li = 0; li < md.Lessons.Count; li++)
            {
                var ld = md.Lessons[li];
                seenLessons.Add(ld.Slug);
                if (!lessonsBySlug.TryGetValue(ld.Slug, out var lesson))
                {
                    lesson = new Lesson { Slug = ld.Slug, Title = ld.Title, Course = course };
                    module.Lessons.Add(lesson);
                }
                else if (lesson.Module != module)
                {
                    // Moving by the reference keeps the row (and students' progress); removing it
                    // from the old collection would delete it as an orphan.
                    lesson.Module = module;
                }
                lesson.Title = ld.Title;
                lesson.Position = li + 1;
                lesson.ReleaseAfterDays = ld.ReleaseAfterDays;
                lesson.Minutes = ld.Minutes;
                lesson.Practice = ld.Practice;
                lesson.ReflectionPrompt = ld.ReflectionPrompt;
                lesson.ContentNote = ld.ContentNote;
                lesson.Published = ld.Published;
                lesson.FreePreview = ld.FreePreview;
                lesson.BodyMarkdown = ld.BodyMarkdown;
                lesson.AudioFileName = ld.AudioFile;
            }
        }

        ImportReferences(course, doc.References);

        var unpublished = new List<string>();
        foreach (var stale in lessonsBySlug.Values.Where(l => !seenLessons.Contains(l.Slug) && l.Published))
        {
            stale.Published = false;
            unpublished.Add(stale.Slug);
        }

        var kept = ResolveAppEdits(appEdits);
        var changed = ChangedItems(priceBefore);
        var (created, updated, unchanged) = StampChanges();
        // Through ContentWrites: even an import that changed nothing signals, which costs one notification and keeps the rule simple.
        await ContentWrites.RunAsync(db, content, async ct =>
        {
            await db.SaveChangesAsync(ct);
            var (filesAdded, filesReplaced) = await ImportFilesAsync(course, doc, kept, ct);
            created += filesAdded;
            updated += filesReplaced;
            if (created + updated > 0)
            {
                // Release days or publishing may have changed: the drip sweeper looks at every active student again.
                var now = time.GetUtcNow();
                await db.Enrollments.Where(e => e.CourseId == course.Id && e.Status == EnrollmentStatus.Active && e.PausedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.NextReleaseCheckAt, now), ct);
                await LearnSql.RecountProgressOfCourseAsync(db, course.Id, ct);
            }
            if (request is not null)
            {
                var summary = new ImportResult(created, updated, unchanged, [.. unpublished.Except(kept)]) { KeptAppEdits = kept };
                AuditLog.Write(db, time, request.Actor, AuditActions.Course.Imported, null, $"course:{course.Slug}", ImportAuditDetails(request, summary, changed));
                await db.SaveChangesAsync(ct);
            }
        }, ct);
        return new ImportResult(created, updated, unchanged, [.. unpublished.Except(kept)]) { KeptAppEdits = kept };
    }

    /// <summary>
    /// The references become exactly the folder's, in its order. Unlike a lesson, a reference that
    /// left the folder is deleted: nothing of a student's hangs on it.
    /// </summary>
    private static void ImportReferences(Course course, IReadOnlyList<Reference> references)
    {
        var byKey = course.References.ToDictionary(r => r.Key, StringComparer.Ordinal);
        for (var i = 0; i < references.Count; i++)
        {
            var r = references[i];
            if (!byKey.Remove(r.Key, out var row))
            {
                row = new CourseReference { Key = r.Key, Authors = r.Authors, Title = r.Title, Journal = r.Journal, Pmc = r.Pmc };
                course.References.Add(row);
            }
            row.CopyFrom(r);
            row.Position = i + 1;
        }
        foreach (var gone in byKey.Values) course.References.Remove(gone);
    }

    /// <summary>The audit entry's text: the source, the counts, then each course, module and lesson the import changed (cut to fit the column).</summary>
    internal static string ImportAuditDetails(ImportRequest request, ImportResult result, IReadOnlyList<string> changed)
    {
        var details = $"{request.Source}; {result}" + (changed.Count > 0 ? $"; changed: {string.Join(", ", changed)}" : "; nothing changed");
        return details.Length <= AuditEntry.DetailsMaxLength ? details : details[..(AuditEntry.DetailsMaxLength - 1)] + "…";
    }

    /// <summary>What the import is about to write, named for people: "lesson welcome (new)", "course price 49.00 USD → 59.00 USD".</summary>
    private List<string> ChangedItems(string? priceBefore)
    {
        db.ChangeTracker.DetectChanges();
        var items = new List<string>();
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified))
        {
            var isNew = entry.State == EntityState.Added ? " (new)" : "";
            switch (entry.Entity)
            {
                case Course c:
                    var fields = entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name).ToList();
                    items.Add($"course {c.Slug}{isNew}" + (fields.Count > 0 ? $" ({string.Join(", ", fields)})" : ""));
                    var priceNow = MoneyText.Format(c.PriceMinor, c.Currency);
                    if (priceBefore is not null && priceBefore != priceNow) items.Add($"price {priceBefore} → {priceNow}");
                    break;
                case Module m:
                    items.Add($"module {m.Slug}{isNew}");
                    break;
                case Lesson l:
                    items.Add($"lesson {l.Slug}{isNew}");
                    break;
                case CourseReference r:
                    items.Add($"reference {r.Key}{isNew}");
                    break;
            }
        }
        items.AddRange(db.ChangeTracker.Entries<CourseReference>().Where(e => e.State == EntityState.Deleted).Select(e => $"reference {e.Entity.Key} (removed)"));
        return items;
    }

    /// <summary>Adds the folder's lesson files and replaces changed ones; files only in the database are kept, like lessons.</summary>
    private async Task<(int Added, int Replaced)> ImportFilesAsync(Course course, CourseDocument doc, List<string> keptLessons, CancellationToken ct)
    {
        var withFiles = doc.Modules.SelectMany(m => m.Lessons).Where(l => l.Files.Count > 0 && !keptLessons.Contains(l.Slug)).ToList();
        if (withFiles.Count == 0) return (0, 0);
        var ids = course.Modules.SelectMany(m => m.Lessons).ToDictionary(l => l.Slug, l => l.Id, StringComparer.Ordinal);
        var lessonIds = withFiles.Select(l => ids[l.Slug]).ToList();
        var existing = await db.LessonAttachments.Where(a => lessonIds.Contains(a.LessonId)).ToListAsync(ct);
        int added = 0, replaced = 0;
        var now = time.GetUtcNow();
        foreach (var lesson in withFiles)
        {
            foreach (var file in lesson.Files)
            {
                var current = existing.SingleOrDefault(a => a.LessonId == ids[lesson.Slug] && a.FileName == file.Name);
                if (current is not null && current.Content.AsSpan().SequenceEqual(file.Bytes)) continue;
                if (current is not null)
                {
                    db.LessonAttachments.Remove(current);
                    replaced++;
                }
                else
                {
                    added++;
                }
                db.LessonAttachments.Add(new LessonAttachment
                {
                    Id = Guid.CreateVersion7(now), LessonId = ids[lesson.Slug], FileName = file.Name,
                    ContentType = AttachmentTypes.ContentType(file.Name), Size = file.Bytes.Length, Content = file.Bytes, UploadedAt = now,
                });
            }
        }
        await db.SaveChangesAsync(ct);
        return (added, replaced);
    }

    private List<string> ResolveAppEdits(AppEditsPolicy policy)
    {
        db.ChangeTracker.DetectChanges();
        var edited = db.ChangeTracker.Entries<Lesson>()
            .Where(e => e.State == EntityState.Modified && e.Entity.EditedInAppAt is not null)
            .ToList();
        if (edited.Count == 0) return [];
        var slugs = edited.Select(e => e.Entity.Slug).Order(StringComparer.Ordinal).ToList();
        switch (policy)
        {
            case AppEditsPolicy.Refuse:
                db.ChangeTracker.Clear();
                throw new AppEditsConflictException(slugs);
            case AppEditsPolicy.Keep:
                foreach (var entry in edited)
                {
                    entry.CurrentValues.SetValues(entry.OriginalValues);
                    entry.State = EntityState.Unchanged;
                }
                return slugs;
            default:
                foreach (var entry in edited) entry.Entity.EditedInAppAt = null;
                return [];
        }
    }

    private (int Created, int Updated, int Unchanged) StampChanges()
    {
        db.ChangeTracker.DetectChanges();
        var now = time.GetUtcNow();
        int created = 0, updated = 0, unchanged = 0;
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is Course or Module or Lesson or CourseReference))
        {
            switch (entry.State)
            {
                case EntityState.Added: created++; break;
                case EntityState.Modified: updated++; break;
                case EntityState.Deleted: updated++; continue;
                default: unchanged++; continue;
            }
            entry.Property(nameof(Course.UpdatedAt)).CurrentValue = now;
        }
        return (created, updated, unchanged);
    }
}
