using System.ComponentModel.DataAnnotations;
using AnxiousToSecure.Core.Catalog;

namespace AnxiousToSecure.Core.Author.Content;

/// <summary>Limits on an uploaded zip of course files, checked against its directory before anything is extracted.</summary>
public sealed class ImportOptions
{
    public const string Section = "Import";

    /// <summary>The largest upload accepted at all (the request is cut off beyond it).</summary>
    [Range(1024, 1L << 32)]
    public long MaxUploadBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>Files and folders in one zip (the course has about a hundred).</summary>
    [Range(1, 100_000)]
    public int MaxEntries { get; set; } = 2_000;

    /// <summary>Uncompressed size of one entry: the largest lesson file a lesson may carry.</summary>
    [Range(1024, 1L << 32)]
    public long MaxEntryBytes { get; set; } = AttachmentTypes.MaxBytes;

    /// <summary>Uncompressed size of all entries together.</summary>
    [Range(1024, 1L << 36)]
    public long MaxTotalBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Uncompressed to compressed size of an entry larger than 64 KiB; text compresses about 4:1, a zip bomb thousands.</summary>
    [Range(2, 100_000)]
    public int MaxCompressionRatio { get; set; } = 100;

    /// <summary>Where uploads wait and are extracted; empty: a folder in the system's temporary folder.</summary>
    public string? TempFolder { get; set; }

    public string TempRoot => string.IsNullOrWhiteSpace(TempFolder) ? Path.Combine(Path.GetTempPath(), "ats-import") : TempFolder;
}
