using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Author;

/// <summary>The course files and the database are two faithful copies of the same course.</summary>
[Trait("Category", "Author")]
public sealed class CourseExportTests(AppFactory app) : IClassFixture<AppFactory>, IDisposable
{
    private readonly string temp = Path.Combine(Path.GetTempPath(), $"ats-export-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
    }

    private static Dictionary<string, string> ReadTree(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".md", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText);

    [Fact]
    public async Task Exporting_the_imported_course_gives_back_the_course_content_folder_byte_for_byte()
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<CourseExporter>().ExportFolderAsync(temp);

        var original = ReadTree(TestPaths.CourseContent);
        var exported = ReadTree(temp);
        Assert.Equal(original.Keys.Order(), exported.Keys.Order());
        foreach (var (path, text) in original) Assert.True(text == exported[path], $"{path} differs after export");
    }

    [Fact]
    public async Task Importing_an_export_changes_nothing()
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<CourseExporter>().ExportFolderAsync(temp);
        var result = await scope.ServiceProvider.GetRequiredService<CourseImporter>().ImportFolderAsync(temp);
        Assert.Equal((0, 0), (result.Created, result.Updated));
    }

    [Fact]
    public void Any_text_survives_writing_and_reading_again()
    {
        var lesson = new LessonDocument("", "tricky", "Quotes \"inside\", a back\\slash: and a colon # not a comment", 3, 7,
            "Line one.\n\nLine three with trailing text", "Why \"now\"?\nA second line in a prompt.", false,
            "Tabs\tand “curly” quotes — fine.", "# Heading\n\nBody with *markdown* and --- a rule.\n\n---\n\nMore.");
        var course = new CourseDocument("c", "Course: \"One\"", "", "Multi\nline\n\ndescription", 12345, "usd", "Europe/London", 7,
            [new ModuleDocument("", "m", "Module ü", "Summary with \\ and \"", [lesson])]);

        CourseContentWriter.WriteFolder(course, temp);
        var read = CourseContentReader.ReadFolder(temp);

        var readLesson = read.Modules.Single().Lessons.Single();
        Assert.Equal(lesson with { Path = readLesson.Path }, readLesson);
        Assert.Equal((course.Title, course.Description, course.PriceMinor, course.MorningUnlockHour), (read.Title, read.Description, read.PriceMinor, read.MorningUnlockHour));
        Assert.Equal(("Module ü", "Summary with \\ and \""), (read.Modules[0].Title, read.Modules[0].Summary));
        Assert.Equal(CourseContentWriter.Files(course), CourseContentWriter.Files(read with { Modules = [read.Modules[0] with { Lessons = [readLesson] }] }));
    }

    [Fact]
    public void Export_refuses_a_folder_that_already_has_files()
    {
        Directory.CreateDirectory(temp);
        File.WriteAllText(Path.Combine(temp, "keep.txt"), "mine");
        var course = CourseContentReader.ReadFolder(TestPaths.CourseContent);
        var refused = Assert.Throws<IOException>(() => CourseContentWriter.WriteFolder(course, temp));
        Assert.Contains("not empty", refused.Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(temp, "keep.txt")));
    }
}
