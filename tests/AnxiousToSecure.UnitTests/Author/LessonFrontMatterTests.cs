using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.TestSupport.Author;

namespace AnxiousToSecure.UnitTests.Author;

/// <summary>Each front-matter field of a lesson file: its values, its bounds, and the line a problem names.</summary>
[Trait("Category", "Author")]
public sealed class LessonFrontMatterTests
{
    private const string Path = "01-m/01-welcome.md";

    private static LessonDocument Read(string good, string replacement) =>
        CourseContentReader.ReadLesson(Path, TempCourseFolder.GoodLesson.Replace(good, replacement));

    private static ContentFormatException Refused(string good, string replacement) =>
        Assert.Throws<ContentFormatException>(() => Read(good, replacement));

    private static ContentFormatException Refused(string text) =>
        Assert.Throws<ContentFormatException>(() => CourseContentReader.ReadLesson(Path, text));

    [Theory]
    [InlineData("certificate")]
    [InlineData("complete")]
    [InlineData("outline")]
    [InlineData("references")]
    public void A_slug_that_is_a_page_of_its_own_under_learn_is_refused(string slug)
    {
        var error = Refused("slug: welcome", $"slug: {slug}");
        Assert.Contains($"/learn/{slug} is a page of its own", error.Problem);
    }

    [Fact]
    public void The_editor_refuses_a_reserved_slug_with_its_reason()
    {
        var draft = new AnxiousToSecure.Core.Author.LessonDraft { Title = "Done", Slug = "complete", Practice = "Breathe out slowly for a minute, twice a day.", ReflectionPrompt = "What helped?" };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(draft, new(draft), results, validateAllProperties: true));
        Assert.Contains(results, r => r.ErrorMessage!.Contains("pages of their own under /learn"));
        draft.Slug = "completing-the-course";
        results.Clear();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(draft, new(draft), results, validateAllProperties: true);
        Assert.DoesNotContain(results, r => r.MemberNames.Contains("Slug"));
    }

    [Fact]
    public void An_unpublished_lesson_reads_as_unpublished() => Assert.False(Read("published: true", "published: false").Published);

    [Fact]
    public void A_content_note_is_read_and_an_empty_one_is_none()
    {
        Assert.Equal("Mentions loss.", Read("published: true", "published: true\ncontent_note: Mentions loss.").ContentNote);
        Assert.Null(Read("published: true", "published: true\ncontent_note:").ContentNote);
        Assert.Null(Read("published: true", "published: true\ncontent_note: \"  \"").ContentNote);
    }

    [Theory]
    [InlineData("minutes: 5", "minutes: 1", 1)]
    [InlineData("minutes: 5", "minutes: 600", 600)]
    [InlineData("minutes: 5", "minutes: +7", 7)]
    public void Minutes_from_1_to_600_are_accepted(string good, string replacement, int minutes) =>
        Assert.Equal(minutes, Read(good, replacement).Minutes);

    [Fact]
    public void A_lesson_may_open_ten_years_in() =>
        Assert.Equal(3650, Read("release_after_days: 0", "release_after_days: 3650").ReleaseAfterDays);

    [Theory]
    [InlineData("minutes: 5", "minutes: 0", 5, "'minutes' must be between 1 and 600, not 0")]
    [InlineData("minutes: 5", "minutes: 601", 5, "'minutes' must be between 1 and 600, not 601")]
    [InlineData("release_after_days: 0", "release_after_days: 3651", 4, "'release_after_days' must be between 0 and 3650, not 3651")]
    [InlineData("minutes: 5", "minutes: 5.5", 5, "'minutes' must be a whole number, not '5.5'")]
    [InlineData("published: true", "published: yes", 10, "'published' must be true or false, not 'yes'")]
    [InlineData("slug: welcome", "slug: two--hyphens", 3, "'slug' must be lowercase letters, digits and single hyphens, not 'two--hyphens'")]
    [InlineData("title: \"Welcome: start here\"", "title:", 2, "'title' must not be empty")]
    [InlineData("title: \"Welcome: start here\"", "title: \"   \"", 2, "'title' must not be empty")]
    [InlineData("title: \"Welcome: start here\"", "title: [a, b]", 2, "'title' must be text")]
    [InlineData("title: \"Welcome: start here\"", "title:\n  a: b", 3, "'title' must be text")]
    public void A_bad_value_is_refused_at_its_own_line_with_what_is_expected(string good, string replacement, int line, string problem)
    {
        var e = Refused(good, replacement);
        Assert.Equal((Path, line, problem), (e.File, e.Line, e.Problem));
    }

    [Fact]
    public void A_missing_key_is_refused_at_the_first_line_of_the_front_matter()
    {
        var e = Refused("minutes: 5\n", "");
        Assert.Equal((2, "missing required key 'minutes'"), (e.Line, e.Problem));
    }

    [Fact]
    public void An_unknown_key_is_refused_with_the_list_of_allowed_keys()
    {
        var e = Refused("published: true", "published: true\nauthor: me");
        Assert.Equal(11, e.Line);
        Assert.Equal("unknown key 'author' (allowed: title, slug, release_after_days, minutes, practice, reflection_prompt, published, free_preview, content_note, audio)", e.Problem);
    }

    [Fact]
    public void A_key_that_is_not_text_is_an_unknown_key()
    {
        var e = Refused("published: true", "published: true\n? [a, b]\n: c");
        Assert.StartsWith("unknown key '' (allowed: ", e.Problem);
    }

    [Theory]
    [InlineData("---\n- a list\n- not fields\n---\nbody")]
    [InlineData("---\njust words\n---\nbody")]
    [InlineData("---\n---\nbody")]
    public void Front_matter_that_is_not_key_value_lines_is_refused_at_its_first_line(string text)
    {
        var e = Refused(text);
        Assert.Equal((2, "expected 'key: value' lines"), (e.Line, e.Problem));
    }

    [Fact]
    public void Invalid_yaml_is_refused_with_the_parsers_own_reason_at_its_line()
    {
        var e = Refused("title: \"Welcome: start here\"", "title: Welcome: start here");
        Assert.Equal(2, e.Line);
        Assert.StartsWith("invalid YAML: While scanning a plain scalar", e.Problem);
        Assert.DoesNotContain("Line:", e.Problem); // the line is the exception's own, not repeated in the text
    }

    [Fact]
    public void A_key_given_twice_is_refused_at_its_second_line()
    {
        var e = Refused("slug: welcome", "slug: welcome\nslug: again");
        Assert.Equal((4, "invalid YAML: Duplicate key slug"), (e.Line, e.Problem));
    }

    [Fact]
    public void The_body_is_everything_after_the_closing_line_without_blank_lines_around_it()
    {
        var lesson = CourseContentReader.ReadLesson(Path, TempCourseFolder.GoodLesson.Replace("Hello **there**.", "\n\nOne.\n\n---\n\nTwo.\n\n"));
        Assert.Equal("One.\n\n---\n\nTwo.", lesson.BodyMarkdown);
    }

    [Fact]
    public void A_problem_with_a_key_that_is_not_there_names_the_first_line_of_the_yaml()
    {
        var fields = YamlFields.Parse("course.yml", "# the course\ntitle: x\n", 3, ["title", "price"]);
        var absent = fields.Error("price", "needs a price");
        Assert.Equal(("course.yml", 4, "needs a price"), (absent.File, absent.Line, absent.Problem));
        Assert.Equal(5, fields.Error("title", "too short").Line);
    }
}
