using System.Text.Json;
using System.Text.Json.Serialization;

namespace AnxiousToSecure.Core.Catalog;

/// <summary>Who wrote the course, as the sales page introduces her; <see cref="Photo"/> names a file in the course folder.</summary>
public sealed record AuthorProfile(string Name, string Credentials, string Bio, string? Photo = null);

public sealed record FaqItem(string Question, string Answer);

/// <summary>
/// The sales page sections beyond the description: the author, who the course is for and not for,
/// and the questions buyers ask. Stored on the course row as one JSON column (read and written whole,
/// never queried by field); <see cref="Equals(SalesPage?)"/> compares by content, lists included.
/// </summary>
public sealed record SalesPage
{
    public static readonly SalesPage Empty = new();

    public AuthorProfile? Author { get; init; }
    public IReadOnlyList<string> ForYouIf { get; init; } = [];
    public IReadOnlyList<string> NotForYouIf { get; init; } = [];
    public IReadOnlyList<FaqItem> Faq { get; init; } = [];

    public bool Equals(SalesPage? other) => other is not null && ToJson(this) == ToJson(other);

    public override int GetHashCode() => ToJson(this).GetHashCode(StringComparison.Ordinal);

    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static string ToJson(SalesPage page) => JsonSerializer.Serialize(page, Json);

    public static SalesPage FromJson(string? json) =>
        string.IsNullOrWhiteSpace(json) ? Empty : JsonSerializer.Deserialize<SalesPage>(json, Json) ?? Empty;
}

/// <summary>The author's photo: a file beside <c>course.yml</c>, only these image types.</summary>
public static class AuthorPhotos
{
    public const long MaxBytes = 2 * 1024 * 1024;

    /// <summary>Where the course page loads the photo from (relative to the site's base).</summary>
    public const string Path = "course/author-photo";

    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png"];

    /// <summary>Null when acceptable, else why not.</summary>
    public static string? Problem(string name, byte[] bytes)
    {
        if (name.Contains('/') || name.Contains('\\') || name.StartsWith('.')) return $"'{name}' must be a file name in the course folder, not a path.";
        if (!Extensions.Contains(System.IO.Path.GetExtension(name), StringComparer.OrdinalIgnoreCase)) return $"'{name}' must be a JPEG or PNG image.";
        if (bytes.Length > MaxBytes) return $"'{name}' is larger than {MaxBytes / 1024 / 1024} MB.";
        return AttachmentTypes.Problem(name, bytes);
    }
}
