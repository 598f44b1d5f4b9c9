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

    [Fact]
    public void A_references_lesson_cites_every_source_of_the_brief()
    {
        var references = Assert.Single(Lessons, l => l.Slug == "references");
        foreach (var pmc in new[] { "PMC4085672", "PMC6126976", "PMC6230657", "PMC7491613", "PMC10480956" })
        {
            Assert.Contains(pmc, references.BodyMarkdown);
        }
    }

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'’-]*")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\]\(/?learn/(?<slug>[a-z0-9-]+)\)")]
    private static partial Regex InternalLink();
}
