using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.TestSupport.Author;

namespace AnxiousToSecure.UnitTests.Author;

/// <summary>Reading a whole course folder: course.yml, module folders, lesson files and their attachments.</summary>
[Trait("Category", "Author")]
public sealed class CourseFolderReadingTests
{
    private static readonly byte[] Pdf = [.. "%PDF-1.7\n"u8, 1, 2, 3];

    private static ContentFormatException Refused(TempCourseFolder folder) =>
        Assert.Throws<ContentFormatException>(() => CourseContentReader.ReadFolder(folder.Root));

    [Fact]
    public void The_course_file_gives_the_course_its_fields()
    {
        using var folder = new TempCourseFolder();
        folder.Write("course.yml", TempCourseFolder.CourseYml + "\ndescription: |\n  Two\n  lines.\n");

        var course = CourseContentReader.ReadFolder(folder.Root);

        Assert.Equal(("test-course", "Test course", "A test", "Two\nlines."), (course.Slug, course.Title, course.Tagline, course.Description));
        Assert.Equal((1000L, "usd", "America/Denver", 8), (course.PriceMinor, course.Currency, course.DefaultTimeZone, course.MorningUnlockHour));
    }

    [Fact]
    public void Optional_course_and_module_texts_default_to_empty()
    {
        using var folder = new TempCourseFolder();
        folder.Write("course.yml", TempCourseFolder.CourseYml.Replace("tagline: A test\n", ""));

        var course = CourseContentReader.ReadFolder(folder.Root);

        Assert.Equal(("", ""), (course.Tagline, course.Description));
        Assert.Equal("", course.Modules[0].Summary);
    }

    [Fact]
    public void A_module_is_read_with_its_path_slug_title_and_summary()
    {
        using var folder = new TempCourseFolder();
        folder.Write("01-first/module.yml", "title: First\nslug: first\nsummary: Where we begin.\n");

        var module = Assert.Single(CourseContentReader.ReadFolder(folder.Root).Modules);

        Assert.Equal(("01-first/module.yml", "first", "First", "Where we begin."), (module.Path, module.Slug, module.Title, module.Summary));
        Assert.Equal("01-first/01-welcome.md", Assert.Single(module.Lessons).Path);
    }

    [Fact]
    public void Modules_and_lessons_are_taken_in_name_order_and_hidden_folders_are_skipped()
    {
        using var folder = new TempCourseFolder();
        folder.Write("02-second/module.yml", "title: Second\nslug: second\n");
        folder.Write("02-second/02-b.md", TempCourseFolder.GoodLesson.Replace("slug: welcome", "slug: b"));
        folder.Write("02-second/01-a.md", TempCourseFolder.GoodLesson.Replace("slug: welcome", "slug: a"));
        folder.Write(".git/module.yml", "not: a module\n");

        var course = CourseContentReader.ReadFolder(folder.Root);

        Assert.Equal(["first", "second"], course.Modules.Select(m => m.Slug));
        Assert.Equal(["a", "b"], course.Modules[1].Lessons.Select(l => l.Slug));
    }

    [Fact]
    public void Windows_line_endings_and_a_byte_order_mark_read_like_plain_files()
    {
        using var folder = new TempCourseFolder();
        folder.Write("01-first/01-welcome.md", "\uFEFF" + TempCourseFolder.GoodLesson.Replace("\n", "\r\n"));
        folder.Write("course.yml", TempCourseFolder.CourseYml.Replace("\n", "\r\n"));

        var lesson = CourseContentReader.ReadFolder(folder.Root).Modules[0].Lessons[0];

        Assert.Equal(CourseContentReader.ReadLesson(lesson.Path, TempCourseFolder.GoodLesson), lesson);
        Assert.Equal("Breathe out slowly,\ntwice.", lesson.Practice);
    }

    [Fact]
    public void A_missing_folder_is_named()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"ats-missing-{Guid.NewGuid():N}");
        var e = Assert.Throws<DirectoryNotFoundException>(() => CourseContentReader.ReadFolder(missing));
        Assert.Equal($"Course folder '{missing}' does not exist.", e.Message);
    }

    [Fact]
    public void A_folder_without_course_yml_is_refused_at_that_file()
    {
        using var folder = new TempCourseFolder();
        File.Delete(Path.Combine(folder.Root, "course.yml"));
        var e = Refused(folder);
        Assert.Equal(("course.yml", 1, "file is missing"), (e.File, e.Line, e.Problem));
    }

    [Fact]
    public void A_module_folder_without_module_yml_says_every_module_needs_one()
    {
        using var folder = new TempCourseFolder();
        folder.Write("02-second/01-lesson.md", TempCourseFolder.GoodLesson.Replace("slug: welcome", "slug: other"));
        var e = Refused(folder);
        Assert.Equal(("02-second/module.yml", 1, "file is missing (every module folder needs one)"), (e.File, e.Line, e.Problem));
    }

    [Theory]
    [InlineData("Usd")]
    [InlineData("USD")]
    [InlineData("dollars")]
    [InlineData("us")]
    [InlineData("us1")]
    public void A_currency_must_be_three_lowercase_letters(string currency)
    {
        using var folder = new TempCourseFolder();
        folder.Write("course.yml", TempCourseFolder.CourseYml.Replace("currency: usd", $"currency: {currency}"));
        var e = Refused(folder);
        Assert.Equal(("course.yml", 5), (e.File, e.Line));
        Assert.Equal($"'currency' must be a three-letter lowercase ISO code such as 'usd', not '{currency}'", e.Problem);
    }

    [Fact]
    public void An_unknown_time_zone_says_what_is_expected()
    {
        using var folder = new TempCourseFolder();
        folder.Write("course.yml", TempCourseFolder.CourseYml.Replace("America/Denver", "Mars/Olympus"));
        Assert.Equal("'default_time_zone' must be an IANA time zone such as 'America/New_York', not 'Mars/Olympus'", Refused(folder).Problem);
    }

    [Fact]
    public void Two_modules_with_one_slug_are_refused_at_the_second()
    {
        using var folder = new TempCourseFolder();
        folder.Write("02-again/module.yml", "title: Again\nslug: first\n");
        var e = Refused(folder);
        Assert.Equal(("02-again/module.yml", 1), (e.File, e.Line));
        Assert.Equal("module slug 'first' is already used by 01-first/module.yml", e.Problem);
    }

    [Fact]
    public void Two_lessons_with_one_slug_are_refused_at_the_second()
    {
        using var folder = new TempCourseFolder();
        folder.Write("01-first/02-again.md", TempCourseFolder.GoodLesson);
        var e = Refused(folder);
        Assert.Equal(("01-first/02-again.md", "lesson slug 'welcome' is already used by 01-first/01-welcome.md"), (e.File, e.Problem));
    }

    [Fact]
    public void A_lessons_files_folder_gives_it_its_attachments_in_name_order()
    {
        using var folder = new TempCourseFolder();
        WriteBytes(folder, "01-first/01-welcome.files/b-second.pdf", Pdf);
        WriteBytes(folder, "01-first/01-welcome.files/a-first.pdf", Pdf);

        var lesson = CourseContentReader.ReadFolder(folder.Root).Modules[0].Lessons[0];

        Assert.Equal(["a-first.pdf", "b-second.pdf"], lesson.Files.Select(f => f.Name));
        Assert.Equal(Pdf, lesson.Files[0].Bytes);
    }

    [Fact]
    public void A_lesson_without_a_files_folder_has_no_attachments()
    {
        using var folder = new TempCourseFolder();
        WriteBytes(folder, "01-first/01-welcome/stray.pdf", Pdf);
        Assert.Empty(CourseContentReader.ReadFolder(folder.Root).Modules[0].Lessons[0].Files);
    }

    [Fact]
    public void An_attachment_that_is_not_what_its_name_says_is_refused_by_its_path()
    {
        using var folder = new TempCourseFolder();
        WriteBytes(folder, "01-first/01-welcome.files/chart.png", Pdf);
        var e = Refused(folder);
        Assert.Equal(("01-first/01-welcome.files/chart.png", 1), (e.File, e.Line));
        Assert.Equal("'chart.png' does not look like a PNG file inside; nothing was saved.", e.Problem);
    }

    private static void WriteBytes(TempCourseFolder folder, string relative, byte[] bytes)
    {
        var path = Path.Combine(folder.Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }
}
