namespace AnxiousToSecure.TestSupport;

public static class TestPaths
{
    /// <summary>The repository root, found by walking up to the solution file.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string CourseContent => Path.Combine(RepositoryRoot, "course-content");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AnxiousToSecure.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Could not find AnxiousToSecure.sln above " + AppContext.BaseDirectory);
    }
}
