using System.Text.RegularExpressions;
using AnxiousToSecure.Core.Catalog;

namespace AnxiousToSecure.Core.Author.Content;

/// <summary>
/// Reads a course folder: <c>course.yml</c>, one folder per module (<c>01-slug/module.yml</c>) and one
/// Markdown file per lesson with YAML front matter. Folders and files are taken in name order.
/// Any problem throws <see cref="ContentFormatException"/> naming the file (relative to the folder) and line.
/// </summary>
public static partial class CourseContentReader
{
    public const string CourseFile = "course.yml";
    public const string ModuleFile = "module.yml";
    public const string ReferencesFile = "references.yml";

    internal static readonly string[] CourseKeys =
        ["title", "slug", "tagline", "description", "price", "currency", "default_time_zone", "morning_unlock_hour", "early_unlock_limit",
            "payment_plan", "author", "for_you_if", "not_for_you_if", "faq"];
    internal static readonly string[] AuthorKeys = ["name", "credentials", "bio", "photo"];
    internal static readonly string[] PaymentPlanKeys = ["payments", "amount"];
    internal static readonly string[] FaqKeys = ["question", "answer"];
    internal static readonly string[] ModuleKeys = ["title", "slug", "summary"];
    internal static readonly string[] LessonKeys =
        ["title", "slug", "release_after_days", "minutes", "practice", "reflection_prompt", "published", "free_preview", "content_note", "audio"];
    internal static readonly string[] ReferenceKeys =
        ["key", "authors", "year", "title", "journal", "volume", "issue", "pages", "doi", "pmc", "summary"];

    public static CourseDocument ReadFolder(string root)
    {
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"Course folder '{root}' does not exist.");

        var coursePath = Path.Combine(root, CourseFile);
        if (!File.Exists(coursePath)) throw new ContentFormatException(CourseFile, 1, "file is missing");
        var course = YamlFields.Parse(CourseFile, ReadText(coursePath), 0, CourseKeys);

        var currency = course.RequiredString("currency");
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterLower))
        {
            throw course.Error("currency", $"'currency' must be a three-letter lowercase ISO code such as 'usd', not '{currency}'");
        }
        var zone = course.RequiredString("default_time_zone");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            throw course.Error("default_time_zone", $"'default_time_zone' must be an IANA time zone such as 'America/New_York', not '{zone}'");
        }

        var modules = Directory.EnumerateDirectories(root)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .Select(d => ReadModule(root, d))
            .ToList();

        CheckUnique(modules.Select(m => (m.Path, m.Slug)), "module");
        CheckUnique(modules.SelectMany(m => m.Lessons).Select(l => (l.Path, l.Slug)), "lesson");

        var (salesPage, photo) = ReadSalesPage(root, course);

        return new CourseDocument(
            Slug: course.Slug("slug"),
            Title: course.RequiredString("title"),
            Tagline: course.OptionalString("tagline") ?? "",
            Description: course.OptionalString("description") ?? "",
            PriceMinor: course.Integer("price", 0, 100_000_000),
            Currency: currency,
            DefaultTimeZone: zone,
            MorningUnlockHour: (int)course.Integer("morning_unlock_hour", 0, 23),
            Modules: modules)
        {
            References = ReadReferences(root),
            // Optional: a course without it keeps the drip as written.
            EarlyUnlockLimit = course.OptionalString("early_unlock_limit") is null ? 0 : (int)course.Integer("early_unlock_limit", 0, 100),
            SalesPage = salesPage,
            AuthorPhoto = photo,
            PaymentPlan = course.Mapping("payment_plan", PaymentPlanKeys) is { } plan
                ? new Checkout.PlanTerms((int)plan.Integer("payments", Checkout.PlanTerms.MinPayments, Checkout.PlanTerms.MaxPayments), plan.Integer("amount", 1, 100_000_000))
                : null,
        };
    }

    /// <summary>The sales page sections of course.yml; every one is optional. A photo must be an image file beside course.yml.</summary>
    private static (SalesPage Page, byte[]? Photo) ReadSalesPage(string root, YamlFields course)
    {
        AuthorProfile? author = null;
        byte[]? photo = null;
        if (course.Mapping("author", AuthorKeys) is { } a)
        {
            var photoName = a.OptionalString("photo");
            if (photoName is not null)
            {
                var path = Path.Combine(root, photoName);
                var bytes = !photoName.Contains('/') && !photoName.Contains('\\') && File.Exists(path) ? File.ReadAllBytes(path) : null;
                if (bytes is null) throw a.Error("photo", $"'photo' names '{photoName}', which is not a file beside {CourseFile}");
                if (AuthorPhotos.Problem(photoName, bytes) is { } problem) throw a.Error("photo", problem);
                photo = bytes;
            }
            author = new AuthorProfile(a.RequiredString("name"), a.OptionalString("credentials") ?? "", a.OptionalString("bio") ?? "", photoName);
        }
        var faq = course.MappingList("faq", FaqKeys).Select(f => new FaqItem(f.RequiredString("question"), f.RequiredString("answer"))).ToList();
        return (new SalesPage { Author = author, ForYouIf = course.StringList("for_you_if"), NotForYouIf = course.StringList("not_for_you_if"), Faq = faq }, photo);
    }

    /// <summary><c>references.yml</c>: a list of papers; a course without the file cites none.</summary>
    private static List<Reference> ReadReferences(string root)
    {
        var path = Path.Combine(root, ReferencesFile);
        if (!File.Exists(path)) return [];
        var references = new List<Reference>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fields in YamlFields.ParseList(ReferencesFile, ReadText(path), ReferenceKeys))
        {
            var key = fields.Slug("key");
            if (!keys.Add(key)) throw fields.Error("key", $"reference key '{key}' is used twice");
            var pmc = fields.RequiredString("pmc");
            if (!PmcPattern().IsMatch(pmc)) throw fields.Error("pmc", $"'pmc' must be a PubMed Central id such as 'PMC6126976', not '{pmc}'");
            var doi = fields.OptionalString("doi");
            if (doi is not null && !DoiPattern().IsMatch(doi)) throw fields.Error("doi", $"'doi' must be a DOI without its resolver, such as '10.1037/fam0000420', not '{doi}'");
            references.Add(new Reference(
                Key: key,
                Authors: fields.RequiredString("authors"),
                Year: (int)fields.Integer("year", 1800, 2200),
                Title: fields.RequiredString("title"),
                Journal: fields.RequiredString("journal"),
                Volume: fields.RequiredString("volume"),
                Issue: fields.OptionalString("issue"),
                Pages: fields.RequiredString("pages"),
                Doi: doi,
                Pmc: pmc,
                Summary: fields.OptionalString("summary") ?? ""));
        }
        return references;
    }

    [GeneratedRegex("^PMC[0-9]+$")]
    private static partial Regex PmcPattern();

    // No spaces and no parentheses: the DOI goes into a Markdown link as it is.
    [GeneratedRegex(@"^10\.[0-9]{4,9}/[^\s()]+$")]
    private static partial Regex DoiPattern();

    private static ModuleDocument ReadModule(string root, string folder)
    {
        var name = Path.GetFileName(folder);
        var modulePath = Path.Combine(folder, ModuleFile);
        var relative = $"{name}/{ModuleFile}";
        if (!File.Exists(modulePath)) throw new ContentFormatException(relative, 1, "file is missing (every module folder needs one)");
        var fields = YamlFields.Parse(relative, ReadText(modulePath), 0, ModuleKeys);

        var lessons = Directory.EnumerateFiles(folder, "*.md")
            .Order(StringComparer.Ordinal)
            .Select(f =>
            {
                var files = ReadFiles(name, f);
                var lesson = ReadLesson($"{name}/{Path.GetFileName(f)}", ReadText(f), files.Select(file => file.Name).ToHashSet(StringComparer.Ordinal));
                return files.Count > 0 ? lesson with { Files = files } : lesson;
            })
            .ToList();

        return new ModuleDocument(relative, fields.Slug("slug"), fields.RequiredString("title"), fields.OptionalString("summary") ?? "", lessons);
    }

    /// <summary>Parses one lesson file; <paramref name="path"/> is only used in messages.</summary>
    public static LessonDocument ReadLesson(string path, string text) => ReadLesson(path, text, null);

    /// <param name="files">The names in the lesson's files folder, when known: <c>audio</c> must name one of them.</param>
    internal static LessonDocument ReadLesson(string path, string text, IReadOnlySet<string>? files)
    {
        var (frontMatter, body) = SplitFrontMatter(path, text);
        var fields = YamlFields.Parse(path, frontMatter, 1, LessonKeys);
        var slug = fields.Slug("slug");
        if (LessonSlugs.IsReserved(slug))
            throw new ContentFormatException(path, 1, $"'slug' cannot be '{slug}': /learn/{slug} is a page of its own (reserved: {string.Join(", ", LessonSlugs.Reserved.Order())})");
        var audio = ReadAudio(path, fields, files);
        return new LessonDocument(
            Path: path,
            Slug: slug,
            Title: fields.RequiredString("title"),
            ReleaseAfterDays: (int)fields.Integer("release_after_days", 0, 3650),
            Minutes: (int)fields.Integer("minutes", 1, 600),
            Practice: fields.RequiredString("practice"),
            ReflectionPrompt: fields.RequiredString("reflection_prompt"),
            Published: fields.Boolean("published"),
            ContentNote: fields.OptionalString("content_note"),
            BodyMarkdown: body.Trim('\n'))
        {
            AudioFile = audio,
            FreePreview = fields.OptionalBoolean("free_preview"),
        };
    }

    /// <summary>The lesson's files folder, as its <c>audio</c> key names it: <c>01-welcome.files</c> beside <c>01-welcome.md</c>.</summary>
    public static string FilesFolderOf(string lessonFileName) => Path.GetFileNameWithoutExtension(lessonFileName) + ".files";

    /// <summary>
    /// <c>audio: 01-welcome.files/recording.mp3</c>: a recording in this lesson's own files folder. Returns the
    /// file's name, or null when the lesson has no audio version.
    /// </summary>
    private static string? ReadAudio(string path, YamlFields fields, IReadOnlySet<string>? files)
    {
        var value = fields.OptionalString("audio");
        if (value is null) return null;
        var folder = FilesFolderOf(Path.GetFileName(path)) + "/";
        var name = value.StartsWith(folder, StringComparison.Ordinal) ? value[folder.Length..] : "";
        if (name.Length == 0 || name.Contains('/') || name.Contains('\\'))
        {
            throw fields.Error("audio", $"'audio' must name a recording in this lesson's files folder, such as '{folder}recording.mp3', not '{value}'");
        }
        if (!AttachmentTypes.ContentType(name).StartsWith("audio/", StringComparison.Ordinal))
        {
            throw fields.Error("audio", $"'audio' must be a recording (MP3 or M4A), not '{name}'");
        }
        if (files is not null && !files.Contains(name))
        {
            throw fields.Error("audio", $"'audio' names '{value}', but there is no such file beside the lesson");
        }
        return name;
    }

    /// <summary>The files in <c>NN-slug.files/</c> beside a lesson file, each checked like an upload.</summary>
    private static List<ContentFile> ReadFiles(string moduleName, string lessonFile)
    {
        var folder = Path.ChangeExtension(lessonFile, null) + ".files";
        if (!Directory.Exists(folder)) return [];
        var files = new List<ContentFile>();
        foreach (var path in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var bytes = File.ReadAllBytes(path);
            if (AttachmentTypes.Problem(name, bytes) is { } problem)
            {
                throw new ContentFormatException($"{moduleName}/{Path.GetFileName(folder)}/{name}", 1, problem);
            }
            files.Add(new ContentFile(name, bytes));
        }
        return files;
    }

    private static (string FrontMatter, string Body) SplitFrontMatter(string path, string text)
    {
        var lines = text.Split('\n');
        if (lines[0].TrimEnd() != "---")
        {
            throw new ContentFormatException(path, 1, "a lesson file must start with a line '---' that opens its front matter");
        }
        var close = Array.FindIndex(lines, 1, l => l.TrimEnd() == "---");
        if (close < 0) throw new ContentFormatException(path, 1, "the front matter opened on this line is never closed by a line '---'");
        return (string.Join('\n', lines[1..close]), string.Join('\n', lines[(close + 1)..]));
    }

    private static void CheckUnique(IEnumerable<(string Path, string Slug)> items, string what)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, slug) in items)
        {
            if (!seen.TryAdd(slug, path))
            {
                throw new ContentFormatException(path, 1, $"{what} slug '{slug}' is already used by {seen[slug]}");
            }
        }
    }

    private static string ReadText(string path) =>
        File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF');
}
