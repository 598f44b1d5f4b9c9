using AnxiousToSecure.Core.Author.Content;

namespace AnxiousToSecure.UnitTests.Author;

/// <summary>The course written back as files in one canonical style that the reader reads back unchanged.</summary>
[Trait("Category", "Author")]
public sealed class CourseContentWriterTests
{
    private static readonly byte[] Pdf = [.. "%PDF-1.7\n"u8, 1, 2, 3];

    private static readonly LessonDocument Welcome = new(
        Path: "01-first/01-welcome.md", Slug: "welcome", Title: "Welcome: start here", ReleaseAfterDays: 0, Minutes: 5,
        Practice: "Breathe out slowly,\n\ntwice.", ReflectionPrompt: "What brought you here?", Published: true,
        ContentNote: null, BodyMarkdown: "\nHello **there**.\n\n")
    {
        Files = [new ContentFile("worksheet.pdf", Pdf)],
    };

    private static readonly LessonDocument Later = new(
        Path: "01-first/02-later.md", Slug: "later", Title: "Later", ReleaseAfterDays: 14, Minutes: 12,
        Practice: " Start with a space.", ReflectionPrompt: "And now?", Published: false,
        ContentNote: "Mentions loss.", BodyMarkdown: "Text.");

    private static readonly CourseDocument Course = new(
        Slug: "test-course", Title: "Test course", Tagline: "A test", Description: "Two\nlines.", PriceMinor: 1000,
        Currency: "usd", DefaultTimeZone: "America/Denver", MorningUnlockHour: 8,
        Modules:
        [
            new ModuleDocument("01-first/module.yml", "first", "First", "Where we begin.", [Welcome, Later]),
            new ModuleDocument("02-second/module.yml", "second", "Second", "", []),
        ]);

    private static Dictionary<string, string> Written(CourseDocument course) => CourseContentWriter.Files(course).ToDictionary(f => f.Path, f => f.Text);

    [Fact]
    public void Every_file_is_named_by_its_position_and_slug()
    {
        Assert.Equal(
            ["course.yml", "01-first/module.yml", "01-first/01-welcome.md", "01-first/02-later.md", "02-second/module.yml"],
            CourseContentWriter.Files(Course).Select(f => f.Path));
        Assert.Equal(["01-first/01-welcome.files/worksheet.pdf"], CourseContentWriter.Attachments(Course).Select(a => a.Path));
    }

    [Fact]
    public void The_course_file_lists_its_keys_in_the_readers_order_with_text_quoted_and_long_text_as_a_block()
    {
        Assert.Equal("""
            title: "Test course"
            slug: test-course
            tagline: "A test"
            description: |
              Two
              lines.
            price: 1000
            currency: usd
            default_time_zone: America/Denver
            morning_unlock_hour: 8

            """, Written(Course)["course.yml"]);
        Assert.Equal("title: \"First\"\nslug: first\nsummary: \"Where we begin.\"\n", Written(Course)["01-first/module.yml"]);
    }

    [Fact]
    public void A_lesson_is_front_matter_then_its_body_and_an_empty_line_of_a_block_stays_empty()
    {
        Assert.Equal("""
            ---
            title: "Welcome: start here"
            slug: welcome
            release_after_days: 0
            minutes: 5
            practice: |
              Breathe out slowly,

              twice.
            reflection_prompt: "What brought you here?"
            published: true
            ---

            Hello **there**.

            """, Written(Course)["01-first/01-welcome.md"]);
    }

    [Fact]
    public void A_content_note_is_written_only_when_there_is_one()
    {
        Assert.Equal("""
            ---
            title: "Later"
            slug: later
            release_after_days: 14
            minutes: 12
            practice: " Start with a space."
            reflection_prompt: "And now?"
            published: false
            content_note: "Mentions loss."
            ---

            Text.

            """, Written(Course)["01-first/02-later.md"]);
        Assert.DoesNotContain("content_note", Written(Course with { Modules = [Course.Modules[0] with { Lessons = [Later with { ContentNote = "" }] }] })["01-first/01-later.md"]);
    }

    [Fact]
    public void Quoted_text_escapes_only_what_yaml_needs()
    {
        var course = Course with { Title = "a\"b\\c\nd\te\u0001f é" };
        Assert.StartsWith("title: \"a\\\"b\\\\c\\nd\\te\\u0001f é\"\n", Written(course)["course.yml"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("with\ta tab")]
    [InlineData("a bell\u0007")]
    [InlineData(" leading space")]
    [InlineData("\nleading newline")]
    [InlineData("trailing space ")]
    [InlineData("trailing newline\n")]
    [InlineData("a line with trailing space \nand another")]
    public void Text_a_literal_block_cannot_hold_exactly_is_quoted_instead(string description)
    {
        var text = Written(Course with { Description = description })["course.yml"];
        Assert.Contains("description: \"", text);
        Assert.DoesNotContain("description: |", text);
    }

    [Fact]
    public void Text_with_line_breaks_is_written_as_a_literal_block()
    {
        Assert.Contains("description: |\n  One\n  two\n", Written(Course with { Description = "One\ntwo" })["course.yml"]);
        Assert.Contains("description: |\n  One line\n", Written(Course with { Description = "One line" })["course.yml"]);
    }

    [Fact]
    public void Reading_what_was_written_gives_the_same_files()
    {
        using var parent = new TempFolder();
        var target = Path.Combine(parent.Path, "export");

        CourseContentWriter.WriteFolder(Course, target);
        var read = CourseContentReader.ReadFolder(target);

        Assert.Equal(CourseContentWriter.Files(Course), CourseContentWriter.Files(read));
        Assert.Equal(Pdf, Assert.Single(read.Modules[0].Lessons[0].Files).Bytes);
        Assert.Equal(["export"], Directory.EnumerateFileSystemEntries(parent.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Files_are_utf8_without_a_byte_order_mark()
    {
        var (path, bytes) = CourseContentWriter.AllFiles(Course with { Title = "é" }).First();
        Assert.Equal("course.yml", path);
        Assert.Equal("title: \"é\"\n"u8.ToArray(), bytes[..12]);
        Assert.Contains(CourseContentWriter.AllFiles(Course), f => f.Path == "01-first/01-welcome.files/worksheet.pdf" && f.Bytes.SequenceEqual(Pdf));
    }

    [Fact]
    public void An_existing_empty_folder_is_written_into()
    {
        using var parent = new TempFolder();
        var target = Directory.CreateDirectory(Path.Combine(parent.Path, "export")).FullName;

        CourseContentWriter.WriteFolder(Course, target);

        Assert.True(File.Exists(Path.Combine(target, "course.yml")));
        Assert.True(File.Exists(Path.Combine(target, "01-first", "01-welcome.files", "worksheet.pdf")));
    }

    [Fact]
    public void A_folder_with_anything_in_it_is_refused_and_left_as_it_was()
    {
        using var parent = new TempFolder();
        var target = Directory.CreateDirectory(Path.Combine(parent.Path, "export")).FullName;
        File.WriteAllText(Path.Combine(target, "mine.txt"), "keep");

        var e = Assert.Throws<IOException>(() => CourseContentWriter.WriteFolder(Course, target));

        Assert.Equal($"'{target}' is not empty: export into a new or empty folder.", e.Message);
        Assert.Equal(["mine.txt"], Directory.EnumerateFileSystemEntries(target).Select(Path.GetFileName));
    }

    [Fact]
    public void An_export_that_fails_halfway_leaves_nothing_behind()
    {
        using var parent = new TempFolder();
        var target = Path.Combine(parent.Path, "export");
        var broken = Course with { Modules = [Course.Modules[0] with { Lessons = [Welcome with { Files = [new ContentFile("bad\0name.pdf", Pdf)] }] }] };

        Assert.ThrowsAny<Exception>(() => CourseContentWriter.WriteFolder(broken, target));

        Assert.Empty(Directory.EnumerateFileSystemEntries(parent.Path));
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("ats-export-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
