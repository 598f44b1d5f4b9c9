namespace AnxiousToSecure.Core.Catalog;

/// <summary>A lesson's text as students get it: rendered and sanitized once per lesson version.</summary>
public sealed record LessonHtml(string Body, string Practice);

/// <summary>A worksheet or recording listed on its lesson (the bytes stay in the database until someone downloads them).</summary>
public sealed record ContentFile(Guid Id, string FileName, long Size)
{
    public string Url => UrlOf(Id, FileName);

    /// <summary>Where a file is downloaded from, relative to the site's base.</summary>
    public static string UrlOf(Guid id, string fileName) => $"files/{id}/{Uri.EscapeDataString(fileName)}";
}

/// <summary>A published lesson as every student shares it (what is hers is composed on top, per request).</summary>
public sealed record ContentLesson(
    int Id,
    int ModuleId,
    string Slug,
    string Title,
    int Minutes,
    int ReleaseAfterDays,
    uint Version,
    string? ContentNote,
    string ReflectionPrompt,
    LessonHtml Html,
    IReadOnlyList<ContentFile> Files)
{
    /// <summary>The attachment that is the lesson's audio version (one of <see cref="Files"/>), or null: the browser reads the text aloud.</summary>
    public ContentFile? Audio { get; init; }
    /// <summary>Anyone may read it, with or without an account or enrollment.</summary>
    public bool FreePreview { get; init; }
}

public sealed record ContentModule(int Id, string Slug, string Title, string Summary, IReadOnlyList<ContentLesson> Lessons);

/// <summary>A lesson's place among the published ones: its module's number, and its number in the whole course.</summary>
public sealed record LessonPosition(int Module, int Lesson, int Of)
{
    public override string ToString() => $"Module {Module} · Lesson {Lesson} of {Of}";
}

/// <summary>
/// The course as every student shares it, at one moment: the course row, its modules in order with
/// their published lessons in order (modules without one are left out), each lesson's sanitized
/// HTML and its files. Immutable: a change to the content makes a new snapshot, never edits this one.
/// </summary>
public sealed class CourseContent
{
    private readonly Dictionary<string, ContentLesson> bySlug;
    private readonly Dictionary<string, LessonPosition> positions;

    public CourseContent(Course course, string descriptionHtml, IReadOnlyList<ContentModule> modules)
    {
        Course = course;
        DescriptionHtml = descriptionHtml;
        Modules = modules;
        Lessons = [.. modules.SelectMany(m => m.Lessons)];
        bySlug = Lessons.ToDictionary(l => l.Slug, StringComparer.Ordinal);
        positions = modules
            .SelectMany((m, i) => m.Lessons.Select(l => (l.Slug, Module: i + 1)))
            .Select((l, i) => (l.Slug, Position: new LessonPosition(l.Module, i + 1, Lessons.Count)))
            .ToDictionary(p => p.Slug, p => p.Position, StringComparer.Ordinal);
    }

    /// <summary>The course row (read only: shared by every request).</summary>
    public Course Course { get; }

    public string DescriptionHtml { get; }

    public IReadOnlyList<ContentModule> Modules { get; }

    /// <summary>Every published lesson in reading order.</summary>
    public IReadOnlyList<ContentLesson> Lessons { get; }

    public ContentLesson? Lesson(string slug) => bySlug.GetValueOrDefault(slug);

    /// <summary>Where a published lesson sits in the published outline ("Module 2 · Lesson 3 of 26"); worked out once per snapshot.</summary>
    public LessonPosition? PositionOf(string slug) => positions.GetValueOrDefault(slug);
    /// <summary>The papers the course cites, in the order of the references page.</summary>
    public IReadOnlyList<Reference> References { get; private init; } = [];

    /// <summary>The published lessons anyone may read, in reading order (linked from the course page).</summary>
    public IEnumerable<ContentLesson> FreePreviews => Lessons.Where(l => l.FreePreview);

    /// <summary>
    /// Students' notes approved for the course page, newest approval first: part of the shared snapshot,
    /// so the cached course page costs no query; approving, withdrawing or changing a note drops it.
    /// </summary>
    public IReadOnlyList<Completion.PublishedNote> Testimonials { get; init; } = [];

    /// <summary>
    /// Puts the rows together: modules by position, each with its published lessons by position and
    /// their files by name; a module with no published lesson is left out. <paramref name="html"/>
    /// gives a lesson's HTML (the cache renders it once per version).
    /// </summary>
    public static CourseContent Compose(
        Course course,
        string descriptionHtml,
        IEnumerable<Module> modules,
        IEnumerable<Lesson> lessons,
        IEnumerable<LessonAttachment> files,
        Func<Lesson, LessonHtml> html,
        IEnumerable<CourseReference>? references = null,
        IReadOnlyList<Completion.PublishedNote>? testimonials = null)
    {
        var filesByLesson = files.ToLookup(f => f.LessonId);
        var lessonsByModule = lessons.Where(l => l.Published).ToLookup(l => l.ModuleId);
        var composed = modules
            .OrderBy(m => m.Position).ThenBy(m => m.Id)
            .Select(m => new ContentModule(m.Id, m.Slug, m.Title, m.Summary, [.. lessonsByModule[m.Id]
                .OrderBy(l => l.Position).ThenBy(l => l.Id)
                .Select(l => WithAudio(new ContentLesson(l.Id, l.ModuleId, l.Slug, l.Title, l.Minutes, l.ReleaseAfterDays, l.Version, l.ContentNote, l.ReflectionPrompt,
                    html(l), [.. filesByLesson[l.Id].OrderBy(f => f.FileName, StringComparer.Ordinal).Select(f => new ContentFile(f.Id, f.FileName, f.Size))])
                { FreePreview = l.FreePreview }, l.AudioFileName))]))
            .Where(m => m.Lessons.Count > 0)
            .ToList();
        return new CourseContent(course, descriptionHtml, composed)
        {
            References = [.. (references ?? []).OrderBy(r => r.Position).ThenBy(r => r.Id).Select(r => r.ToReference())],
            Testimonials = testimonials ?? [],
        };
    }

    /// <summary>The named attachment becomes the audio version; a name with no such file (deleted since) means none.</summary>
    private static ContentLesson WithAudio(ContentLesson lesson, string? audioFileName) =>
        audioFileName is null ? lesson : lesson with { Audio = lesson.Files.FirstOrDefault(f => f.FileName == audioFileName) };
}
