using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Core.Author.Content;

/// <summary>The zip is refused before anything is extracted (a path outside its folder, too many or too large entries); nothing was changed.</summary>
public sealed class UnsafeZipException(string message) : Exception(message);

/// <summary>
/// Uploaded zips of course files. Each waits under a random name in its own folder while the
/// instructor may be asked about her edits, is checked against its central directory (entry count,
/// each entry's and the total uncompressed size, compression ratio, paths) before anything is
/// extracted, is extracted only inside a fresh folder with every byte counted, and is removed
/// afterwards whatever happened. Uploads nobody came back for are removed after a day.
/// </summary>
public sealed class CourseZipStore(IOptions<ImportOptions> options, TimeProvider time)
{
    /// <summary>How long an upload waits for the "keep or overwrite" answer.</summary>
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromDays(1);

    /// <summary>Entries smaller than this are not held to the compression ratio (a short YAML file of spaces compresses well and harms nobody).</summary>
    public const long RatioCheckedFromBytes = 64 * 1024;

    private const string CourseFolder = "course-content";

    private ImportOptions Limits => options.Value;

    public async Task<Guid> SaveAsync(Stream upload, CancellationToken ct = default)
    {
        Directory.CreateDirectory(Limits.TempRoot);
        RemoveAbandoned();
        var id = Guid.NewGuid();
        try
        {
            await using var target = new FileStream(PathOf(id), FileMode.CreateNew, FileAccess.Write);
            await upload.CopyToAsync(target, ct);
        }
        catch
        {
            Discard(id);
            throw;
        }
        return id;
    }

    public bool Exists(Guid id) => File.Exists(PathOf(id));

    public void Discard(Guid id)
    {
        if (File.Exists(PathOf(id))) File.Delete(PathOf(id));
    }

    /// <summary>The SHA-256 of the uploaded bytes, lower-case hex: which zip this was, for the audit log.</summary>
    public async Task<string> Sha256Async(Guid id, CancellationToken ct = default)
    {
        await using var stream = File.OpenRead(PathOf(id));
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    /// <summary>
    /// Checks and extracts the zip into a fresh folder, hands <paramref name="use"/> the course folder inside
    /// it (<c>course-content/</c> if the zip has one, else its top), and deletes the folder afterwards, also on failure.
    /// </summary>
    /// <exception cref="UnsafeZipException">The zip breaks a limit or names a path outside its folder.</exception>
    /// <exception cref="InvalidDataException">The file is not a zip.</exception>
    public async Task<T> WithExtractedAsync<T>(Guid id, Func<string, Task<T>> use, CancellationToken ct = default)
    {
        var folder = Path.Combine(Limits.TempRoot, id.ToString("N"));
        try
        {
            Extract(PathOf(id), folder, ct);
            var course = Path.Combine(folder, CourseFolder);
            return await use(Directory.Exists(course) ? course : folder);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private void Extract(string zipPath, string folder, CancellationToken ct)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        var plan = Check(zip, Path.GetFullPath(folder));
        Directory.CreateDirectory(folder);
        foreach (var (entry, path) in plan)
        {
            ct.ThrowIfCancellationRequested();
            if (entry.FullName.EndsWith('/'))
            {
                Directory.CreateDirectory(path);
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var input = entry.Open();
            using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            CopyAtMost(input, output, entry.Length, entry.FullName);
        }
    }

    /// <summary>Every entry with where it would go, or the first reason to refuse the zip; reads only the central directory.</summary>
    private List<(ZipArchiveEntry Entry, string Path)> Check(ZipArchive zip, string folder)
    {
        var limits = Limits;
        if (zip.Entries.Count > limits.MaxEntries)
        {
            throw new UnsafeZipException(string.Create(CultureInfo.InvariantCulture,
                $"The zip is refused: it holds {zip.Entries.Count:N0} entries; a course zip may hold at most {limits.MaxEntries:N0}. Nothing was changed."));
        }
        var plan = new List<(ZipArchiveEntry, string)>(zip.Entries.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        foreach (var entry in zip.Entries)
        {
            var name = entry.FullName;
            var path = IsPlainRelative(name) ? Path.GetFullPath(Path.Combine(folder, name)) : null;
            if (path is null || !path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new UnsafeZipException($"The zip is refused: the entry '{Shown(name)}' points outside the zip's own folder. Nothing was changed.");
            }
            if (!seen.Add(path.TrimEnd(Path.DirectorySeparatorChar)))
            {
                throw new UnsafeZipException($"The zip is refused: '{Shown(name)}' appears in it twice. Nothing was changed.");
            }
            if (entry.Length > limits.MaxEntryBytes)
            {
                throw new UnsafeZipException($"The zip is refused: '{Shown(name)}' would be {Megabytes(entry.Length)} uncompressed; one file may be at most {Megabytes(limits.MaxEntryBytes)}. Nothing was changed.");
            }
            total += entry.Length;
            if (total > limits.MaxTotalBytes)
            {
                throw new UnsafeZipException($"The zip is refused: its files would be more than {Megabytes(limits.MaxTotalBytes)} uncompressed. Nothing was changed.");
            }
            if (entry.Length >= RatioCheckedFromBytes && entry.Length > Math.Max(entry.CompressedLength, 1) * limits.MaxCompressionRatio)
            {
                throw new UnsafeZipException($"The zip is refused: '{Shown(name)}' is compressed more than {limits.MaxCompressionRatio} to 1, as zip bombs are, not course files. Nothing was changed.");
            }
            plan.Add((entry, path));
        }
        return plan;
    }

    /// <summary>A relative path of plain segments: no root, drive, backslash, control character or "..".</summary>
    private static bool IsPlainRelative(string name) =>
        name.Length > 0 && name[0] != '/' && !name.Any(c => char.IsControl(c) || c is '\\' or ':') && !name.Split('/').Contains("..");

    /// <summary>Copies an entry, refusing it if it holds more than its directory said (the limits were checked on that figure).</summary>
    private static void CopyAtMost(Stream input, Stream output, long declared, string name)
    {
        var buffer = new byte[81920];
        long written = 0;
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            written += read;
            if (written > declared) throw new UnsafeZipException($"The zip is refused: '{Shown(name)}' holds more than the zip says it does. Nothing was changed.");
            output.Write(buffer, 0, read);
        }
    }

    private string PathOf(Guid id) => Path.Combine(Limits.TempRoot, $"{id:N}.zip");

    /// <summary>Uploads left waiting for an answer that never came, and folders left by a process that stopped mid-import.</summary>
    private void RemoveAbandoned()
    {
        var before = time.GetUtcNow().UtcDateTime - PendingLifetime;
        foreach (var file in Directory.EnumerateFiles(Limits.TempRoot, "*.zip"))
        {
            if (File.GetLastWriteTimeUtc(file) < before) File.Delete(file);
        }
        foreach (var dir in Directory.EnumerateDirectories(Limits.TempRoot))
        {
            if (Directory.GetLastWriteTimeUtc(dir) < before) Directory.Delete(dir, recursive: true);
        }
    }

    private static string Shown(string name)
    {
        var clean = new string([.. name.Select(c => char.IsControl(c) ? '?' : c)]);
        return clean.Length <= 120 ? clean : clean[..119] + "…";
    }

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.#} MB");
}
