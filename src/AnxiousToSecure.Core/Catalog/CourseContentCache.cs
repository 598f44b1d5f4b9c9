using System.Collections.Concurrent;
using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AnxiousToSecure.Core.Catalog;

/// <summary>
/// The shared content in memory: one immutable <see cref="CourseContent"/> snapshot, built by one
/// reader while any others wait for the same build, and dropped as a whole when content changes
/// (<see cref="Drop"/>: a write here, or a notification from any instance). Lesson HTML is kept by
/// lesson id and row version across snapshots, so a rebuild renders only the lessons that changed.
/// </summary>
/// <remarks>
/// A single snapshot swapped atomically rather than HybridCache or IMemoryCache entries: the pages
/// need the whole course at once (outline, neighbours, counts), an invalidation drops all of it,
/// and a cached Task gives one build per version to every concurrent first reader without
/// serializing or copying anything.
/// </remarks>
public sealed class CourseContentCache(IDbContextFactory<AppDbContext> dbs, LessonRenderer renderer, ContentChanges changes, ILogger<CourseContentCache> log)
{
    private readonly Lock gate = new();
    private readonly ConcurrentDictionary<(int LessonId, uint Version), LessonHtml> rendered = new();
    private Task<CourseContent?>? current;
    private long builds;

    /// <summary>How many snapshots were built from the database (each reads and renders what changed).</summary>
    public long Builds => Interlocked.Read(ref builds);

    /// <summary>The content now; null while there is no course. Shared by every reader: read only.</summary>
    public Task<CourseContent?> GetAsync(CancellationToken ct = default)
    {
        var build = Volatile.Read(ref current);
        if (build is null || build.IsFaulted || build.IsCanceled)
        {
            lock (gate)
            {
                build = current;
                if (build is null || build.IsFaulted || build.IsCanceled)
                {
                    // Not tied to one reader's cancellation: the others wait on the same build.
                    build = Task.Run(LoadAsync, CancellationToken.None);
                    current = build;
                }
            }
        }
        return build.IsCompletedSuccessfully ? build : build.WaitAsync(ct);
    }

    /// <summary>
    /// Forgets the snapshot: the next reader builds a new one. A build that was under way keeps
    /// serving the readers already waiting on it, but is never kept.
    /// </summary>
    public void Drop()
    {
        lock (gate) current = null;
        try
        {
            changes.Raise();
        }
        catch (Exception e)
        {
            log.LogError(e, "A subscriber to content changes failed");
        }
    }

    /// <summary>A lesson page's address relative to the site's base, where its footnote links point.</summary>
    public static string LessonPath(string slug) => $"learn/{slug}";

    private async Task<CourseContent?> LoadAsync()
    {
        Interlocked.Increment(ref builds);
        await using var db = await dbs.CreateDbContextAsync();
        var course = await db.Courses.AsNoTracking().TheCourse().FirstOrDefaultAsync();
        if (course is null) return null;
        var modules = await db.Modules.AsNoTracking().Where(m => m.CourseId == course.Id).ToListAsync();
        var lessons = await db.Lessons.AsNoTracking().Where(l => l.CourseId == course.Id && l.Published).ToListAsync();
        var files = await db.LessonAttachments.AsNoTracking()
            .Where(a => a.Lesson!.CourseId == course.Id && a.Lesson.Published)
            .Select(a => new LessonAttachment { Id = a.Id, LessonId = a.LessonId, FileName = a.FileName, ContentType = a.ContentType, Size = a.Size, Content = Array.Empty<byte>() })
            .ToListAsync();

        var references = await db.CourseReferences.AsNoTracking().Where(r => r.CourseId == course.Id).ToListAsync();

        var testimonials = await Completion.CompletionService.PublishedNotesQuery(db, course.Id);

        var content = CourseContent.Compose(course, renderer.ToSafeHtml(course.Description), modules, lessons, files,
            l => rendered.GetOrAdd((l.Id, l.Version), _ => new LessonHtml(renderer.ToSafeHtml(l.BodyMarkdown, LessonPath(l.Slug)), renderer.ToSafeHtml(l.Practice))),
            references, testimonials);
        // Only the versions this snapshot uses stay: an edited lesson's old HTML goes.
        var kept = content.Lessons.Select(l => (l.Id, l.Version)).ToHashSet();
        foreach (var key in rendered.Keys.Where(k => !kept.Contains(k))) rendered.TryRemove(key, out _);
        return content;
    }
}
