namespace AnxiousToSecure.TestSupport;

public static class TestPaths
{
    /// <summary>The repository root, found by walking up to the solution file.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string CourseContent => Path.Combine(RepositoryRoot, "course-content");

    /// <summary>
    /// The course's first edition as it was sold (course-content/ before issue 18), kept so that tests can
    /// import it under the current edition and show that the editorial rules catch what it got wrong.
    /// </summary>
    public static string FirstEditionContent => Path.Combine(RepositoryRoot, "tests", "fixtures", "course-first-edition");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AnxiousToSecure.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Could not find AnxiousToSecure.sln above " + AppContext.BaseDirectory);
    }
}
