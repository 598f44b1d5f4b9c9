namespace AnxiousToSecure.Core.Catalog;

/// <summary>The file types a lesson may carry, recognised by name and by their first bytes.</summary>
public static class AttachmentTypes
{
    public const long MaxBytes = 25 * 1024 * 1024;

    private static readonly Dictionary<string, (string ContentType, Func<byte[], bool> Looks)> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = ("application/pdf", b => b.AsSpan().StartsWith("%PDF-"u8)),
        [".mp3"] = ("audio/mpeg", b => b.AsSpan().StartsWith("ID3"u8) || (b.Length > 1 && b[0] == 0xFF && (b[1] & 0xE0) == 0xE0)),
        [".m4a"] = ("audio/mp4", b => b.Length > 8 && b.AsSpan(4).StartsWith("ftyp"u8)),
        [".png"] = ("image/png", b => b.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])),
        [".jpg"] = ("image/jpeg", b => b.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])),
        [".jpeg"] = ("image/jpeg", b => b.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])),
    };

    public static string AllowedList => string.Join(", ", Known.Keys.Select(k => k.TrimStart('.').ToUpperInvariant()).Distinct());

    /// <summary>Null when the file is acceptable, else why not (for people to read).</summary>
    public static string? Problem(string name, byte[] bytes)
    {
        if (bytes.Length == 0) return $"'{name}' is empty.";
        if (bytes.Length > MaxBytes) return $"'{name}' is {bytes.Length / 1024 / 1024.0:F1} MB; attachments can be at most {MaxBytes / 1024 / 1024} MB.";
        if (!Known.TryGetValue(Path.GetExtension(name), out var kind)) return $"'{name}' is not a file type lessons can carry. Allowed: {AllowedList}.";
        return kind.Looks(bytes) ? null : $"'{name}' does not look like a {Path.GetExtension(name).TrimStart('.').ToUpperInvariant()} file inside; nothing was saved.";
    }

    public static string ContentType(string name) => Known.TryGetValue(Path.GetExtension(name), out var kind) ? kind.ContentType : "application/octet-stream";
}
