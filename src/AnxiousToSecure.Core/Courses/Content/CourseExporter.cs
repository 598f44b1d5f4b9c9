using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Courses.Content;

/// <summary>The course as it is in the database, as a document the content writer can put on disk.</summary>
public sealed class CourseExporter(AppDbContext db)
{
    public async Task<CourseDocument> LoadAsync(CancellationToken ct = default)
    {
        var course = await db.Courses.AsNoTracking().OrderBy(c => c.Id)
            .Include(c => c.Modules).ThenInclude(m => m.Lessons)
            .AsSplitQuery()
            .FirstOrDefaultAsync(ct) ?? throw new InvalidOperationException("There is no course to export: import one first.");
        return new CourseDocument(
            course.Slug, course.Title, course.Tagline, course.Description, course.PriceMinor, course.Currency, course.DefaultTimeZone, course.MorningUnlockHour,
            [.. course.Modules.OrderBy(m => m.Position).ThenBy(m => m.Id).Select(m => new ModuleDocument(
                "", m.Slug, m.Title, m.Summary,
                [.. m.Lessons.OrderBy(l => l.Position).ThenBy(l => l.Id).Select(l => new LessonDocument(
                    "", l.Slug, l.Title, l.ReleaseAfterDays, l.Minutes, l.Practice, l.ReflectionPrompt, l.Published, l.ContentNote, l.BodyMarkdown))]))]);
    }

    public async Task ExportFolderAsync(string folder, CancellationToken ct = default) =>
        CourseContentWriter.WriteFolder(await LoadAsync(ct), folder);
}
