namespace AnxiousToSecure.TestSupport.Author;

/// <summary>A small, valid course folder in a temporary directory, for content tests to change.</summary>
public sealed class TempCourseFolder : IDisposable
{
    public const string GoodLesson = """
        ---
        title: "Welcome: start here"
        slug: welcome
        release_after_days: 0
        minutes: 5
        practice: |
          Breathe out slowly,
          twice.
        reflection_prompt: What brought you here?
        published: true
        ---

        Hello **there**.
        """;

    public const string CourseYml = """
        title: Test course
        slug: test-course
        tagline: A test
        price: 1000
        currency: usd
        default_time_zone: America/Denver
        morning_unlock_hour: 8
        """;

    public string Root { get; } = Directory.CreateTempSubdirectory("ats-content-").FullName;

    public TempCourseFolder()
    {
        Write("course.yml", CourseYml);
        Write("01-first/module.yml", "title: First\nslug: first\n");
        Write("01-first/01-welcome.md", GoodLesson);
    }

    public void Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
