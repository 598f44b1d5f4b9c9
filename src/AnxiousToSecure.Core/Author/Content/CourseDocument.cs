using AnxiousToSecure.Core.Catalog;

namespace AnxiousToSecure.Core.Author.Content;

/// <summary>The course as read from (or written to) a content folder, before it touches the database.</summary>
public sealed record CourseDocument(
    string Slug,
    string Title,
    string Tagline,
    string Description,
    long PriceMinor,
    string Currency,
    string DefaultTimeZone,
    int MorningUnlockHour,
    IReadOnlyList<ModuleDocument> Modules)
{
    /// <summary>The papers the lessons cite (<c>references.yml</c>), in the order of the references page.</summary>
    public IReadOnlyList<Reference> References { get; init; } = [];

    /// <summary><c>early_unlock_limit</c>: lessons a student may open ahead of her schedule; 0 (or absent) = the drip as written.</summary>
    public int EarlyUnlockLimit { get; init; }

    /// <summary><c>payment_plan</c>: N monthly payments of an amount; null (absent) = pay in full only.</summary>
    public Checkout.PlanTerms? PaymentPlan { get; init; }
    /// <summary>The sales page sections of <c>course.yml</c> (author, for you if / not for you if, FAQ).</summary>
    public SalesPage SalesPage { get; init; } = SalesPage.Empty;

    /// <summary>The bytes of the author's photo, the file beside <c>course.yml</c> that <see cref="AuthorProfile.Photo"/> names.</summary>
    public byte[]? AuthorPhoto { get; init; }
}

public sealed record ModuleDocument(string Path, string Slug, string Title, string Summary, IReadOnlyList<LessonDocument> Lessons);

public sealed record LessonDocument(
    string Path,
    string Slug,
    string Title,
    int ReleaseAfterDays,
    int Minutes,
    string Practice,
    string ReflectionPrompt,
    bool Published,
    string? ContentNote,
    string BodyMarkdown)
{
    /// <summary>Worksheets and recordings, kept next to the lesson file in <c>NN-slug.files/</c>.</summary>
    public IReadOnlyList<ContentFile> Files { get; init; } = NoFiles;

    /// <summary>The name of the file in <see cref="Files"/> that is the lesson's audio version (front matter <c>audio: NN-slug.files/name.mp3</c>), or null.</summary>
    public string? AudioFile { get; init; }
    /// <summary><c>free_preview: true</c>: anyone may read it from the course page, without an account.</summary>
    public bool FreePreview { get; init; }

    private static readonly ContentFile[] NoFiles = [];
}

public sealed record ContentFile(string Name, byte[] Bytes);
