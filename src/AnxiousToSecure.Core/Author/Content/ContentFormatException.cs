using AnxiousToSecure.Core.Catalog;

namespace AnxiousToSecure.Core.Author.Content;

/// <summary>A course-content file that cannot be read, with the file and the 1-based line at fault.</summary>
public sealed class ContentFormatException(string file, int line, string problem)
    : Exception($"{file}:{line}: {problem}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Problem { get; } = problem;
}
