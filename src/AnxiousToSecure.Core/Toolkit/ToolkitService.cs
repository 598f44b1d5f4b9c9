using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Toolkit;

/// <summary>A saved practice as her toolkit page shows it: the practice's words and the lesson it came from.</summary>
public sealed record ToolkitPractice(string LessonSlug, string LessonTitle, string PracticeHtml);

/// <summary>Her saved practices of one kind. The kind of a practice is the module its lesson belongs to.</summary>
public sealed record ToolkitGroup(string Kind, IReadOnlyList<ToolkitPractice> Practices);

public enum ToolkitSaveResult
{
    Saved,

    /// <summary>Only a practice of a lesson she can read is saved.</summary>
    NoAccess,
}

/// <summary>
/// "Save to my toolkit" and the toolkit page. What she saved is read with the rest of what is hers
/// (<see cref="LearnSql.ReadHersAsync"/>, <see cref="StudentCourse.Toolkit"/>), so neither the lesson
/// page nor the toolkit page costs a query of its own; the practices' words come from the shared content.
/// </summary>
public sealed class ToolkitService(AppDbContext db, StudentCourseService courses, TimeProvider time)
{
    /// <summary>Saves the practice of a lesson she can read; saving again changes nothing.</summary>
    public async Task<ToolkitSaveResult> SaveAsync(string userId, string slug, CancellationToken ct = default)
    {
        var access = await courses.GetLessonAsync(userId, slug, ct);
        if (!access.Granted) return ToolkitSaveResult.NoAccess;
        await ToolkitSql.SaveAsync(db, userId, access.Item!.Id, time.GetUtcNow(), ct);
        return ToolkitSaveResult.Saved;
    }

    /// <summary>Removes one of her saved practices (whatever the lesson's state now: the row is hers). Only ever her own row.</summary>
    public Task<int> RemoveAsync(string userId, string slug, CancellationToken ct = default) =>
        db.Set<ToolkitItem>().Where(t => t.UserId == userId && t.Lesson!.Slug == slug).ExecuteDeleteAsync(ct);

    /// <summary>
    /// Her toolkit, grouped by kind (module) in course order, each practice in lesson order. Only
    /// practices of lessons she can read now appear: a lesson unpublished since keeps her row, unshown.
    /// </summary>
    public static IReadOnlyList<ToolkitGroup> Groups(StudentCourse view)
    {
        var saved = view.Toolkit.ToHashSet();
        return [.. view.Modules
            .Select(m => new ToolkitGroup(m.Title, [.. m.Lessons
                .Where(l => saved.Contains(l.Id) && l.State != LessonState.Locked && view.Content.Lesson(l.Slug) is not null)
                .Select(l => new ToolkitPractice(l.Slug, l.Title, view.Content.Lesson(l.Slug)!.Html.Practice))]))
            .Where(g => g.Practices.Count > 0)];
    }
}
