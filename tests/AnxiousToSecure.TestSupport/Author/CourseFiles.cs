using AnxiousToSecure.Core.Author.Content;

namespace AnxiousToSecure.TestSupport.Author;

/// <summary>
/// The course in course-content/ as its files say: tests read titles and first lines from here rather
/// than typing them, so a new edition's wording does not break a test about something else.
/// </summary>
public static partial class CourseFiles
{
    public static CourseDocument Course { get; } = CourseContentReader.ReadFolder(TestPaths.CourseContent);

    public static LessonDocument Lesson(string slug) => Course.Modules.SelectMany(m => m.Lessons).Single(l => l.Slug == slug);

    /// <summary>Every lesson in course order, as the files give it.</summary>
    public static IReadOnlyList<LessonDocument> Lessons { get; } = Course.Modules.SelectMany(m => m.Lessons).ToList();

    /// <summary>The free previews: lessons anyone may read, signed in or not.</summary>
    public static IReadOnlyList<LessonDocument> FreePreviews { get; } = Lessons.Where(l => l.FreePreview && l.Published).ToList();

    /// <summary>
    /// The first published lesson that is not a free preview: the one a test opens to prove that access
    /// was given or taken away (the welcome lesson is a free preview, which anyone may read).
    /// </summary>
    public static LessonDocument FirstClosedLesson { get; } = Lessons.First(l => !l.FreePreview && l.Published);

    /// <summary>
    /// The lesson's longest rendered paragraph of prose (footnotes are the page's own markup): text that is on
    /// a page only where the lesson itself is shown.
    /// </summary>
    public static string Fingerprint(LessonDocument lesson)
    {
        var prose = System.Text.RegularExpressions.Regex.Replace(lesson.BodyMarkdown, @"(?m)^\[\^[^\]]+\]:.*$", "");
        var paragraph = Paragraph().Matches(new AnxiousToSecure.Core.Catalog.LessonRenderer().ToSafeHtml(prose))
            .Select(m => m.Value).Where(p => !p.Contains("[^", StringComparison.Ordinal)).MaxBy(p => p.Length) ?? "";
        if (paragraph.Length <= 40) throw new InvalidOperationException($"The lesson {lesson.Slug} needs a paragraph to recognise it by");
        return paragraph;
    }

    [System.Text.RegularExpressions.GeneratedRegex("<p>.+?</p>")]
    private static partial System.Text.RegularExpressions.Regex Paragraph();

    /// <summary>The welcome lesson's title as the files give it (the test database imports the same files).</summary>
    public static string WelcomeTitle => Lesson("welcome").Title;

    /// <summary>
    /// The first run of four or more plain words in a lesson's text (no quotes, apostrophes or Markdown,
    /// which the renderer changes): words any rendering of the lesson shows exactly as written.
    /// </summary>
    public static string PlainWords(string slug)
    {
        foreach (var line in Lesson(slug).BodyMarkdown.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var run = new List<string>();
            foreach (var word in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (System.Text.RegularExpressions.Regex.IsMatch(word, "^[A-Za-z]+[,.]?$"))
                {
                    run.Add(word);
                    if (run.Count == 6) break;
                    if (word[^1] is not (',' or '.')) continue;
                    // A sentence ends: keep a long enough run, else start again after it.
                    if (run.Count >= 4) break;
                    run.Clear();
                }
                else
                {
                    if (run.Count >= 4) break;
                    run.Clear();
                }
            }
            if (run.Count >= 4) return string.Join(' ', run);
        }
        throw new InvalidOperationException($"The lesson {slug} has no run of four plain words");
    }
}
