using System.Globalization;
using System.Text;
using AnxiousToSecure.Core.Catalog;

namespace AnxiousToSecure.Core.Author.Content;

/// <summary>
/// Writes a <see cref="CourseDocument"/> in the <c>course-content/</c> format, in one canonical style
/// (key order as the reader lists them; free text double-quoted, long text as literal blocks), so
/// that reading what it wrote gives back the same document and writing again gives the same bytes.
/// </summary>
public static class CourseContentWriter
{
    /// <summary>Writes into <paramref name="folder"/>, which must not exist or be empty; files appear only once all are written.</summary>
    public static void WriteFolder(CourseDocument course, string folder)
    {
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            throw new IOException($"'{folder}' is not empty: export into a new or empty folder.");
        }
        var parent = Path.GetDirectoryName(Path.GetFullPath(folder))!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(Path.GetFullPath(folder))}.export-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            foreach (var (relative, bytes) in AllFiles(course))
            {
                var path = Path.Combine(staging, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, bytes);
            }
            if (Directory.Exists(folder)) Directory.Delete(folder);
            Directory.Move(staging, folder);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Every file of the folder as (relative path, text), in name order.</summary>
    public static IEnumerable<(string Path, string Text)> Files(CourseDocument course)
    {
        yield return (CourseContentReader.CourseFile, SalesPageFields(new StringBuilder()
            .Quoted("title", course.Title)
            .Plain("slug", course.Slug)
            .Quoted("tagline", course.Tagline)
            .Block("description", course.Description)
            .Plain("price", course.PriceMinor.ToString(CultureInfo.InvariantCulture))
            .Plain("currency", course.Currency)
            .Plain("default_time_zone", course.DefaultTimeZone)
            .Plain("morning_unlock_hour", course.MorningUnlockHour.ToString(CultureInfo.InvariantCulture))
            .PlainIf(course.EarlyUnlockLimit != 0, "early_unlock_limit", course.EarlyUnlockLimit.ToString(CultureInfo.InvariantCulture))
            .PaymentPlan(course.PaymentPlan), course.SalesPage)
            .ToString());

        foreach (var file in ReferencesFile(course)) yield return file;

        for (var m = 0; m < course.Modules.Count; m++)
        {
            var module = course.Modules[m];
            var folder = $"{m + 1:D2}-{module.Slug}";
            yield return ($"{folder}/{CourseContentReader.ModuleFile}", new StringBuilder()
                .Quoted("title", module.Title)
                .Plain("slug", module.Slug)
                .Quoted("summary", module.Summary)
                .ToString());
            for (var l = 0; l < module.Lessons.Count; l++)
            {
                var lesson = module.Lessons[l];
                var text = new StringBuilder().Append("---\n")
                    .Quoted("title", lesson.Title)
                    .Plain("slug", lesson.Slug)
                    .Plain("release_after_days", lesson.ReleaseAfterDays.ToString(CultureInfo.InvariantCulture))
                    .Plain("minutes", lesson.Minutes.ToString(CultureInfo.InvariantCulture))
                    .Block("practice", lesson.Practice)
                    .Quoted("reflection_prompt", lesson.ReflectionPrompt)
                    .Plain("published", lesson.Published ? "true" : "false");
                if (lesson.FreePreview) text.Plain("free_preview", "true");
                if (!string.IsNullOrEmpty(lesson.ContentNote)) text.Quoted("content_note", lesson.ContentNote);
                if (lesson.AudioFile is not null) text.Quoted("audio", $"{LessonFolder(l, lesson)}/{lesson.AudioFile}");
                text.Append("---\n\n").Append(lesson.BodyMarkdown.Trim('\n')).Append('\n');
                yield return ($"{folder}/{LessonName(l, lesson)}.md", text.ToString());
            }
        }
    }

    /// <summary>The sales page sections, each only when it has something: a course without them writes the same file as before.</summary>
    private static StringBuilder SalesPageFields(StringBuilder b, SalesPage page)
    {
        if (page.Author is { } a)
        {
            var author = new StringBuilder().Quoted("name", a.Name).Quoted("credentials", a.Credentials).Block("bio", a.Bio);
            if (a.Photo is not null) author.Quoted("photo", a.Photo);
            b.Append("author:\n").Append(Indented(author.ToString(), "  ", "  "));
        }
        StringList(b, "for_you_if", page.ForYouIf);
        StringList(b, "not_for_you_if", page.NotForYouIf);
        if (page.Faq.Count > 0)
        {
            b.Append("faq:\n");
            foreach (var item in page.Faq)
            {
                b.Append(Indented(new StringBuilder().Quoted("question", item.Question).Block("answer", item.Answer).ToString(), "  - ", "    "));
            }
        }
        return b;
    }

    private static void StringList(StringBuilder b, string key, IReadOnlyList<string> items)
    {
        if (items.Count == 0) return;
        b.Append(key).Append(":\n");
        foreach (var item in items) b.Append("  - ").Append(Quote(item)).Append('\n');
    }

    /// <summary>Lines under a parent key: the first with <paramref name="first"/>, the others with <paramref name="rest"/> (blank lines stay blank).</summary>
    private static string Indented(string text, string first, string rest)
    {
        var lines = text.TrimEnd('\n').Split('\n');
        return string.Join('\n', lines.Select((line, i) => i == 0 ? first + line : line.Length == 0 ? line : rest + line)) + "\n";
    }

    /// <summary>One entry per paper, a blank line between entries; no file when the course cites none.</summary>
    private static IEnumerable<(string Path, string Text)> ReferencesFile(CourseDocument course)
    {
        if (course.References.Count == 0) yield break;
        var b = new StringBuilder();
        foreach (var r in course.References)
        {
            if (b.Length > 0) b.Append('\n');
            b.Append("- ");
            var entry = new StringBuilder()
                .Plain("key", r.Key)
                .Quoted("authors", r.Authors)
                .Plain("year", r.Year.ToString(CultureInfo.InvariantCulture))
                .Quoted("title", r.Title)
                .Quoted("journal", r.Journal)
                .Quoted("volume", r.Volume);
            if (r.Issue is not null) entry.Quoted("issue", r.Issue);
            entry.Quoted("pages", r.Pages);
            if (r.Doi is not null) entry.Quoted("doi", r.Doi);
            entry.Plain("pmc", r.Pmc).Block("summary", r.Summary);
            // The entry's lines after the first are indented under its "- ".
            var lines = entry.ToString().TrimEnd('\n').Split('\n');
            b.AppendJoin('\n', lines.Select((line, i) => i == 0 || line.Length == 0 ? line : "  " + line)).Append('\n');
        }
        yield return (CourseContentReader.ReferencesFile, b.ToString());
    }

    /// <summary>Every file of the folder, text (UTF-8, no BOM) and attachments alike, as (relative path, bytes).</summary>
    public static IEnumerable<(string Path, byte[] Bytes)> AllFiles(CourseDocument course) =>
        Files(course).Select(f => (f.Path, Utf8.GetBytes(f.Text))).Concat(AuthorPhoto(course)).Concat(Attachments(course));

    /// <summary>The author's photo beside course.yml, under the name the author block gives it.</summary>
    private static IEnumerable<(string Path, byte[] Bytes)> AuthorPhoto(CourseDocument course)
    {
        if (course.SalesPage.Author?.Photo is { } name && course.AuthorPhoto is { } bytes) yield return (name, bytes);
    }

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Each lesson's files as (relative path, bytes): <c>NN-module/NN-lesson.files/name</c>.</summary>
    public static IEnumerable<(string Path, byte[] Bytes)> Attachments(CourseDocument course)
    {
        for (var m = 0; m < course.Modules.Count; m++)
        {
            var module = course.Modules[m];
            for (var l = 0; l < module.Lessons.Count; l++)
            {
                foreach (var file in module.Lessons[l].Files)
                {
                    yield return ($"{m + 1:D2}-{module.Slug}/{LessonFolder(l, module.Lessons[l])}/{file.Name}", file.Bytes);
                }
            }
        }
    }

    /// <summary>A lesson's file name without <c>.md</c>, from its place in the module: <c>01-welcome</c>.</summary>
    private static string LessonName(int index, LessonDocument lesson) => $"{index + 1:D2}-{lesson.Slug}";

    /// <summary>The folder of a lesson's files beside it: <c>01-welcome.files</c>.</summary>
    private static string LessonFolder(int index, LessonDocument lesson) => CourseContentReader.FilesFolderOf(LessonName(index, lesson) + ".md");

    private static StringBuilder Plain(this StringBuilder b, string key, string value) => b.Append(key).Append(": ").Append(value).Append('\n');

    /// <summary>An optional key, written only when it differs from its default, so older folders export unchanged.</summary>
    /// <summary>The optional <c>payment_plan</c> block; a course without one writes the same file as before.</summary>
    private static StringBuilder PaymentPlan(this StringBuilder b, Checkout.PlanTerms? plan) => plan is null ? b : b.Append("payment_plan:\n")
        .Append("  payments: ").Append(plan.Payments.ToString(CultureInfo.InvariantCulture)).Append('\n')
        .Append("  amount: ").Append(plan.AmountMinor.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static StringBuilder PlainIf(this StringBuilder b, bool write, string key, string value) => write ? b.Plain(key, value) : b;

    /// <summary>A YAML double-quoted scalar: only the escapes YAML defines, so any text survives.</summary>
    private static StringBuilder Quoted(this StringBuilder b, string key, string value) =>
        b.Append(key).Append(": ").Append(Quote(value)).Append('\n');

    private static string Quote(string value)
    {
        var b = new StringBuilder("\"");
        foreach (var c in value)
        {
            b.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }
        return b.Append('"').ToString();
    }

    /// <summary>A literal block (<c>|</c>), kept as written; text a block cannot hold exactly falls back to a quoted scalar.</summary>
    private static StringBuilder Block(this StringBuilder b, string key, string value)
    {
        var lines = value.Split('\n');
        var representable = value.Length > 0 && !value.Contains('\t') && !value.Any(c => char.IsControl(c) && c != '\n')
            && !char.IsWhiteSpace(value[0]) && value == value.TrimEnd()
            && lines.All(l => l == l.TrimEnd());
        if (!representable) return b.Quoted(key, value);
        b.Append(key).Append(": |\n");
        foreach (var line in lines) b.Append(line.Length == 0 ? "" : "  ").Append(line).Append('\n');
        return b;
    }
}
