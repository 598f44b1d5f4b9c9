using System.IO.Compression;
using System.Text.RegularExpressions;

namespace AnxiousToSecure.TestSupport.Author;

/// <summary>The course, as a folder or an export zip, with one lesson changed (its title, or a paragraph added): what an import should bring in.</summary>
public static partial class ChangedCourse
{
    /// <summary>A copy of the real course folder in a temporary directory (delete it after) with the lesson's title changed.</summary>
    public static string FolderWithTitle(string slug, string title)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"ats-course-{Guid.NewGuid():N}");
        foreach (var file in Directory.EnumerateFiles(TestPaths.CourseContent, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(TestPaths.CourseContent, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var text = File.ReadAllText(file);
            File.WriteAllText(target, text.Contains($"\nslug: {slug}\n", StringComparison.Ordinal) ? Retitle(text, title) : text);
        }
        return copy;
    }

    /// <summary>The zip with the lesson's title changed.</summary>
    public static byte[] ZipWithTitle(byte[] zip, string slug, string title) => ZipWithLesson(zip, slug, text => Retitle(text, title));

    /// <summary>The zip with a paragraph added at the end of the lesson's text.</summary>
    public static byte[] ZipWithParagraph(byte[] zip, string slug, string paragraph) =>
        ZipWithLesson(zip, slug, text => text.TrimEnd('\n') + "\n\n" + paragraph + "\n");

    private static byte[] ZipWithLesson(byte[] zip, string slug, Func<string, string> change)
    {
        using var stream = new MemoryStream();
        stream.Write(zip);
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            foreach (var entry in archive.Entries.Where(e => e.FullName.EndsWith(".md", StringComparison.Ordinal)).ToList())
            {
                string text;
                using (var reader = new StreamReader(entry.Open())) text = reader.ReadToEnd();
                if (!text.Contains($"\nslug: {slug}\n", StringComparison.Ordinal)) continue;
                var name = entry.FullName;
                entry.Delete();
                using var writer = new StreamWriter(archive.CreateEntry(name).Open());
                writer.Write(change(text));
            }
        }
        return stream.ToArray();
    }

    private static string Retitle(string text, string title) => TitleLine().Replace(text, $"title: \"{title}\"", 1);

    [GeneratedRegex("^title: .*$", RegexOptions.Multiline)]
    private static partial Regex TitleLine();
}
