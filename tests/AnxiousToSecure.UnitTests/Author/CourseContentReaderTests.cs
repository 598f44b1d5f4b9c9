using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using AnxiousToSecure.UnitTests.Catalog;

namespace AnxiousToSecure.UnitTests.Author;

[Trait("Category", "Author")]
public sealed class CourseContentReaderTests
{
    [Fact]
    public void Front_matter_and_body_are_read()
    {
        var lesson = CourseContentReader.ReadLesson("01-m/01-welcome.md", TempCourseFolder.GoodLesson);
        Assert.Equal("Welcome: start here", lesson.Title);
        Assert.Equal("welcome", lesson.Slug);
        Assert.Equal(0, lesson.ReleaseAfterDays);
        Assert.Equal(5, lesson.Minutes);
        Assert.Equal("Breathe out slowly,\ntwice.", lesson.Practice);
        Assert.Equal("What brought you here?", lesson.ReflectionPrompt);
        Assert.True(lesson.Published);
        Assert.Null(lesson.ContentNote);
        Assert.Equal("Hello **there**.", lesson.BodyMarkdown);
    }

    [Theory]
    [InlineData("minutes: 5", "minutes: five", 5, "'minutes' must be a whole number")]
    [InlineData("published: true", "published: maybe", 10, "'published' must be true or false")]
    [InlineData("slug: welcome", "slug: Welcome Here", 3, "'slug' must be lowercase")]
    [InlineData("release_after_days: 0", "release_after_days: -3", 4, "between 0 and 3650")]
    [InlineData("reflection_prompt: What brought you here?", "reflection_prmpt: What brought you here?", 9, "unknown key 'reflection_prmpt'")]
    [InlineData("title: \"Welcome: start here\"", "title: Welcome: start here", 2, "invalid YAML")]
    public void A_bad_field_names_the_file_and_its_line(string good, string bad, int line, string message)
    {
        var e = Assert.Throws<ContentFormatException>(() => CourseContentReader.ReadLesson("01-m/01-welcome.md", TempCourseFolder.GoodLesson.Replace(good, bad)));
        Assert.Equal("01-m/01-welcome.md", e.File);
        Assert.Equal(line, e.Line);
        Assert.Contains(message, e.Problem);
        Assert.StartsWith($"01-m/01-welcome.md:{line}: ", e.Message);
    }

    [Fact]
    public void A_missing_required_key_is_reported()
    {
        var e = Assert.Throws<ContentFormatException>(() => CourseContentReader.ReadLesson("x.md", TempCourseFolder.GoodLesson.Replace("minutes: 5\n", "")));
        Assert.Contains("missing required key 'minutes'", e.Problem);
    }

    [Fact]
    public void A_file_without_front_matter_is_rejected_at_line_one()
    {
        var e = Assert.Throws<ContentFormatException>(() => CourseContentReader.ReadLesson("x.md", "Just text"));
        Assert.Equal(1, e.Line);
        Assert.Contains("must start with a line '---'", e.Problem);
    }

    [Fact]
    public void Unclosed_front_matter_is_rejected()
    {
        var e = Assert.Throws<ContentFormatException>(() => CourseContentReader.ReadLesson("x.md", "---\ntitle: x\n"));
        Assert.Contains("never closed", e.Problem);
    }

    [Fact]
    public void The_real_course_content_parses()
    {
        var course = CourseContentReader.ReadFolder(TestPaths.CourseContent);
        Assert.Equal("anxious-to-secure", course.Slug);
        Assert.NotEmpty(course.Modules);
        Assert.All(course.Modules.SelectMany(m => m.Lessons), l =>
        {
            Assert.False(string.IsNullOrWhiteSpace(l.Practice));
            Assert.False(string.IsNullOrWhiteSpace(l.ReflectionPrompt));
        });
        Assert.Equal(0, course.Modules[0].Lessons[0].ReleaseAfterDays);
    }

    [Fact]
    public void Duplicate_lesson_slugs_across_modules_are_rejected()
    {
        using var folder = new TempCourseFolder();
        folder.Write("02-second/module.yml", "title: Second\nslug: second\n");
        folder.Write("02-second/01-again.md", TempCourseFolder.GoodLesson);
        var e = Assert.Throws<ContentFormatException>(() => CourseContentReader.ReadFolder(folder.Root));
        Assert.Equal("02-second/01-again.md", e.File);
        Assert.Contains("already used by 01-first/01-welcome.md", e.Problem);
    }

    [Fact]
    public void A_module_folder_without_module_yml_is_named()
    {
        using var folder = new TempCourseFolder();
        folder.Write("02-second/01-lesson.md", TempCourseFolder.GoodLesson.Replace("slug: welcome", "slug: other"));
        var e = Assert.Throws<ContentFormatException>(() => CourseContentReader.ReadFolder(folder.Root));
        Assert.Equal("02-second/module.yml", e.File);
    }

    [Fact]
    public void An_unknown_time_zone_in_course_yml_names_its_line()
    {
        using var folder = new TempCourseFolder();
        folder.Write("course.yml", TempCourseFolder.CourseYml.Replace("America/Denver", "Mars/Olympus"));
        var e = Assert.Throws<ContentFormatException>(() => CourseContentReader.ReadFolder(folder.Root));
        Assert.Equal(("course.yml", 6), (e.File, e.Line));
    }

    /// <summary>A small valid course in a temp folder, for tests that break one part of it.</summary>
}
