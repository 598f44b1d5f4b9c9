using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Author.Content;

/// <summary>The course as it is in the database, as a document the content writer can put on disk.</summary>
public sealed class CourseExporter(AppDbContext db)
{
    public async Task<CourseDocument> LoadAsync(CancellationToken ct = default)
    {
        var course = await db.Courses.AsNoTracking().TheCourse()
            .Include(c => c.Modules).ThenInclude(m => m.Lessons)
            .Include(c => c.References)
            .AsSplitQuery()
            .FirstOrDefaultAsync(ct) ?? throw new InvalidOperationException("There is no course to export: import one first.");
        var files = (await db.LessonAttachments.AsNoTracking().Where(a => a.Lesson!.CourseId == course.Id)
                .Select(a => new { a.LessonId, a.FileName, a.Content }).ToListAsync(ct))
            .ToLookup(a => a.LessonId);
        return new CourseDocument(
            course.Slug, course.Title, course.Tagline, course.Description, course.PriceMinor, course.Currency, course.DefaultTimeZone, course.MorningUnlockHour,
            [.. course.Modules.OrderBy(m => m.Position).ThenBy(m => m.Id).Select(m => new ModuleDocument(
                "", m.Slug, m.Title, m.Summary,
                [.. m.Lessons.OrderBy(l => l.Position).ThenBy(l => l.Id).Select(l => WithFiles(new LessonDocument(
                    "", l.Slug, l.Title, l.ReleaseAfterDays, l.Minutes, l.Practice, l.ReflectionPrompt, l.Published, l.ContentNote, l.BodyMarkdown) { FreePreview = l.FreePreview },
                    files[l.Id].OrderBy(f => f.FileName, StringComparer.Ordinal).Select(f => new ContentFile(f.FileName, f.Content)).ToList(), l.AudioFileName))]))])
        {
            EarlyUnlockLimit = course.EarlyUnlockLimit,
            PaymentPlan = Checkout.PlanTerms.Of(course),
            References = [.. course.References.OrderBy(r => r.Position).ThenBy(r => r.Id).Select(r => r.ToReference())],
            SalesPage = course.SalesPage,
            AuthorPhoto = course.SalesPage.Author?.Photo is null ? null : course.AuthorPhoto,
        };
    }

    /// <summary>The lesson with its files and, when its recording is still among them, its audio version (a folder never names a missing file).</summary>
    private static LessonDocument WithFiles(LessonDocument lesson, List<ContentFile> files, string? audioFileName) => files.Count > 0
        ? lesson with { Files = files, AudioFile = files.Any(f => f.Name == audioFileName) ? audioFileName : null }
        : lesson;

    public async Task ExportFolderAsync(string folder, CancellationToken ct = default) =>
        CourseContentWriter.WriteFolder(await LoadAsync(ct), folder);
}
