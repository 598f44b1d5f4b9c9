using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Enrollments;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Courses.Content;

/// <summary>Counts of courses, modules and lessons; <see cref="Updated"/> includes the unpublished lessons.</summary>
public sealed record ImportResult(int Created, int Updated, int Unchanged, IReadOnlyList<string> Unpublished)
{
    public bool ChangedAnything => Created + Updated > 0;

    public override string ToString() =>
        $"{Created} created, {Updated} updated, {Unchanged} unchanged" +
        (Unpublished.Count > 0 ? $", unpublished (no longer in the folder): {string.Join(", ", Unpublished)}" : "");
}

/// <summary>
/// Upserts a <see cref="CourseDocument"/> by slug in one SaveChanges (one transaction). Re-importing an unchanged folder
/// writes nothing. A lesson missing from the folder is unpublished, never deleted, because students
/// may have progress and reflections on it.
/// </summary>
public sealed class CourseImporter(AppDbContext db, TimeProvider time)
{
    public async Task<ImportResult> ImportFolderAsync(string folder, CancellationToken ct = default) =>
        await ImportAsync(CourseContentReader.ReadFolder(folder), ct);

    public async Task<ImportResult> ImportAsync(CourseDocument doc, CancellationToken ct = default)
    {
        var course = await db.Courses
            .Include(c => c.Modules).ThenInclude(m => m.Lessons)
            .AsSplitQuery()
            .SingleOrDefaultAsync(c => c.Slug == doc.Slug, ct);
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
                lesson.BodyMarkdown = ld.BodyMarkdown;
            }
        }

        var unpublished = new List<string>();
        foreach (var stale in lessonsBySlug.Values.Where(l => !seenLessons.Contains(l.Slug) && l.Published))
        {
            stale.Published = false;
            unpublished.Add(stale.Slug);
        }

        var (created, updated, unchanged) = StampChanges();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (created + updated > 0)
        {
            // Release days or publishing may have changed: the drip sweeper looks at every active student again.
            var now = time.GetUtcNow();
            await db.Enrollments.Where(e => e.CourseId == course.Id && e.Status == EnrollmentStatus.Active && e.PausedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.NextReleaseCheckAt, now), ct);
        }
        await tx.CommitAsync(ct);
        return new ImportResult(created, updated, unchanged, unpublished);
    }

    private (int Created, int Updated, int Unchanged) StampChanges()
    {
        db.ChangeTracker.DetectChanges();
        var now = time.GetUtcNow();
        int created = 0, updated = 0, unchanged = 0;
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is Course or Module or Lesson))
        {
            switch (entry.State)
            {
                case EntityState.Added: created++; break;
                case EntityState.Modified: updated++; break;
                default: unchanged++; continue;
            }
            entry.Property(nameof(Course.UpdatedAt)).CurrentValue = now;
        }
        return (created, updated, unchanged);
    }
}
