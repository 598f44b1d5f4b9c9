using System.Text.RegularExpressions;
using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.UnitTests.Author;

namespace AnxiousToSecure.UnitTests.Catalog;

/// <summary>The real course in course-content/ meets the editorial rules of the course brief.</summary>
[Trait("Category", "Catalog")]
public sealed partial class CourseContentTests
{
    private static readonly CourseDocument Course = CourseContentReader.ReadFolder(TestPaths.CourseContent);
    private static readonly List<LessonDocument> Lessons = [.. Course.Modules.SelectMany(m => m.Lessons)];

    public static TheoryData<string> LessonPaths => [.. Lessons.Select(l => l.Path)];

    private static int Words(string markdown) => WordPattern().Matches(markdown).Count;

    [Fact]
    public void The_course_has_six_to_eight_modules_and_24_to_32_lessons_over_about_eight_weeks()
    {
        Assert.InRange(Course.Modules.Count, 6, 8);
        Assert.InRange(Lessons.Count, 24, 32);
        Assert.Equal(0, Lessons[0].ReleaseAfterDays);
        Assert.InRange(Lessons.Max(l => l.ReleaseAfterDays), 49, 63);
    }

    [Theory]
    [MemberData(nameof(LessonPaths))]
    public void Every_lesson_has_a_reading_of_400_to_900_words_a_practice_and_a_prompt(string path)
    {
        var lesson = Lessons.Single(l => l.Path == path);
        Assert.InRange(Words(lesson.BodyMarkdown), 400, 900);
        Assert.True(Words(lesson.Practice) >= 15, $"{path}: the practice is too short to act on");
        Assert.EndsWith("?", lesson.ReflectionPrompt.TrimEnd('"', '”'));
        Assert.True(lesson.Published, $"{path} is not published");
        Assert.DoesNotMatch(@"(?m)^# ", lesson.BodyMarkdown); // the title is the page's only H1
        Assert.DoesNotMatch("<[a-zA-Z]", lesson.BodyMarkdown); // Markdown only, no raw HTML
    }

    [Fact]
    public void Release_days_never_go_backwards_in_course_order()
    {
        for (var i = 1; i < Lessons.Count; i++)
        {
            Assert.True(Lessons[i].ReleaseAfterDays >= Lessons[i - 1].ReleaseAfterDays,
                $"{Lessons[i].Path} releases on day {Lessons[i].ReleaseAfterDays}, before {Lessons[i - 1].Path} (day {Lessons[i - 1].ReleaseAfterDays})");
        }
    }

    [Fact]
    public void Internal_links_point_at_lessons_that_exist()
    {
        var slugs = Lessons.Select(l => l.Slug).ToHashSet();
        var broken = Lessons
            .SelectMany(l => InternalLink().Matches(l.BodyMarkdown).Select(m => (l.Path, Slug: m.Groups["slug"].Value)))
            .Where(link => !slugs.Contains(link.Slug))
            .ToList();
        Assert.Empty(broken);
    }

    /// <summary>
    /// The papers behind the PMC ids, typed from ../shared/COURSE-BRIEF.md (checked against PubMed
    /// Central): a reference that pairs an id with another paper's authors, year or journal fails.
    /// </summary>
    private static readonly (string Pmc, string FirstAuthor, int Year, string Journal, string? Doi)[] Brief =
    [
        ("PMC4085672", "Cassidy", 2013, "Development and Psychopathology", "10.1017/S0954579413000692"),
        ("PMC6126976", "Leerkes", 2018, "Journal of Family Psychology", "10.1037/fam0000420"),
        ("PMC6230657", "Meeussen", 2018, "Frontiers in Psychology", "10.3389/fpsyg.2018.02113"),
        ("PMC7491613", "Howard", 2020, "World Psychiatry", "10.1002/wps.20769"),
        // The brief gives no DOI for this paper: none is printed rather than one guessed.
        ("PMC10480956", "Rotkirch", 2010, "Evolutionary Psychology", null),
    ];

    [Fact]
    public void Every_reference_is_the_paper_its_PMC_id_points_to()
    {
        Assert.Equal(Brief.Select(b => b.Pmc).Order(StringComparer.Ordinal), Course.References.Select(r => r.Pmc).Order(StringComparer.Ordinal));
        foreach (var r in Course.References)
        {
            var paper = Brief.Single(b => b.Pmc == r.Pmc);
            Assert.True((paper.FirstAuthor, paper.Year, paper.Journal, paper.Doi) == (r.FirstAuthor, r.Year, r.Journal, r.Doi),
                $"{r.Key}: {r.Pmc} is {paper.FirstAuthor} ({paper.Year}), {paper.Journal}, doi {paper.Doi ?? "none"}; references.yml says {r.FirstAuthor} ({r.Year}), {r.Journal}, doi {r.Doi ?? "none"}");
            Assert.StartsWith(paper.FirstAuthor.ToLowerInvariant() + "-" + paper.Year, r.Key, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(r.Summary), $"{r.Key} says nothing about what the paper found");
        }
    }

    [Theory]
    [MemberData(nameof(LessonPaths))]
    public void Every_citation_is_a_footnote_to_a_reference_that_exists_written_as_the_references_page_gives_it(string path)
    {
        var lesson = Lessons.Single(l => l.Path == path);
        var references = Course.References.ToDictionary(r => r.Key, StringComparer.Ordinal);
        var definitions = FootnoteDefinition().Matches(lesson.BodyMarkdown).ToDictionary(m => m.Groups["key"].Value, m => m.Groups["text"].Value.TrimEnd());
        var markers = FootnoteMarker().Matches(lesson.BodyMarkdown).Select(m => m.Groups["key"].Value).ToHashSet();
        foreach (var key in markers)
        {
            Assert.True(references.ContainsKey(key), $"{path}: [^{key}] cites no reference in references.yml");
            Assert.True(definitions.ContainsKey(key), $"{path}: [^{key}] has no footnote text");
        }
        foreach (var (key, text) in definitions)
        {
            Assert.True(markers.Contains(key), $"{path}: the footnote [^{key}] is never cited in the text");
            Assert.Equal(references[key].FootnoteMarkdown, text);
        }
        // The first edition's inline "Source: ... PMC..." lines and (Author, year) citations are gone.
        var prose = FootnoteDefinition().Replace(lesson.BodyMarkdown, "");
        Assert.DoesNotMatch(@"PMC[0-9]|\*\*Source:\*\*|\([A-Z][\p{L}'’ &.,-]+,? (19|20)[0-9]{2}\)", prose);
    }

    [Fact]
    public void References_are_a_standing_page_not_a_drip_lesson()
    {
        Assert.DoesNotContain(Lessons, l => l.Slug == "references" || l.Title.Contains("References", StringComparison.OrdinalIgnoreCase));
        Assert.NotEmpty(Course.References);
    }

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'’-]*")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\]\(/?learn/(?<slug>[a-z0-9-]+)\)")]
    private static partial Regex InternalLink();

    [GeneratedRegex(@"(?m)^\[\^(?<key>[^\]]+)\]: (?<text>.*)$")]
    private static partial Regex FootnoteDefinition();

    [GeneratedRegex(@"\[\^(?<key>[^\]]+)\](?!:)")]
    private static partial Regex FootnoteMarker();
}
