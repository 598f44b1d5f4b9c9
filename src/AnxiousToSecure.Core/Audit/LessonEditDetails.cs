using System.Text.Json;

namespace AnxiousToSecure.Core.Audit;

/// <summary>One field of a lesson edit: the changed passage before and after, with a few words around it.</summary>
public sealed record FieldChange(string Field, string Before, string After);

/// <summary>
/// The details of a <c>lesson.updated</c> entry. The first line is what entries always said
/// ("slug: Title, BodyMarkdown"); entries written since also carry, on a second line as JSON, each
/// changed field's passage before and after, so the log can show what changed and not only where.
/// Only the changed passage is kept (a lesson is far longer than an entry may be), each side cut to
/// its share of <see cref="AuditEntry.DetailsMaxLength"/>.
/// </summary>
public static class LessonEditDetails
{
    /// <summary>Words kept on each side of a change, so it reads in its sentence.</summary>
    public const int ContextWords = 6;

    private const string Ellipsis = "…";

    public static string Write(string slug, IReadOnlyList<FieldChange> changes)
    {
        var header = $"{slug}: {string.Join(", ", changes.Select(c => c.Field))}";
        if (changes.Count == 0) return header;
        // JSON escaping and field names take room too: a fifth of the budget is kept for them.
        var share = Math.Max(40, (AuditEntry.DetailsMaxLength * 4 / 5 - header.Length) / (2 * changes.Count));
        var excerpts = changes.Select(c =>
        {
            var (before, after) = Excerpt(c.Before, c.After);
            return new FieldChange(c.Field, Cut(before, share), Cut(after, share));
        }).ToList();
        var details = header + "\n" + JsonSerializer.Serialize(excerpts);
        return details.Length <= AuditEntry.DetailsMaxLength ? details : header;
    }

    /// <summary>The changes an entry's details carry; none for entries written before they did.</summary>
    public static IReadOnlyList<FieldChange> Read(string? details)
    {
        var newline = details?.IndexOf('\n') ?? -1;
        if (newline < 0) return [];
        try
        {
            return JsonSerializer.Deserialize<List<FieldChange>>(details![(newline + 1)..]) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The first line: "slug: Field, Field".</summary>
    public static string Summary(string? details) => details is null ? "" : details.Split('\n')[0];

    /// <summary>The differing middle of two texts, with <see cref="ContextWords"/> words of what they share on each side.</summary>
    public static (string Before, string After) Excerpt(string before, string after)
    {
        var a = before.Split(' ');
        var b = after.Split(' ');
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix]) prefix++;
        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)]) suffix++;
        var from = Math.Max(0, prefix - ContextWords);
        var keepSuffix = Math.Min(suffix, ContextWords);
        string Slice(string[] words) =>
            (from > 0 ? Ellipsis + " " : "")
            + string.Join(' ', words[from..(words.Length - suffix + keepSuffix)])
            + (suffix > keepSuffix ? " " + Ellipsis : "");
        return (Slice(a), Slice(b));
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + Ellipsis;
}
