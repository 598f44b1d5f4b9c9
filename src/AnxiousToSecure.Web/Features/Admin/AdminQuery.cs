using System.Globalization;
using AnxiousToSecure.Core.Admin;
using AnxiousToSecure.Core.Learn;
using Microsoft.Extensions.Primitives;

namespace AnxiousToSecure.Web.Features.Admin;

/// <summary>
/// Reading admin query strings without error pages: the enrollments filter (shared by the table, its
/// pager and the CSV download), dates and page numbers.
/// </summary>
public static class AdminQuery
{
    public static EnrollmentFilter Parse(IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        var q = query.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        string? Get(string key) => q.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        return new EnrollmentFilter(
            Search: Get("q"),
            Status: Enum.TryParse<EnrollmentStatus>(Get("status"), ignoreCase: true, out var s) ? s : null,
            StartedFrom: Date(Get("from")),
            StartedTo: Date(Get("to")),
            Progress: Enum.TryParse<ProgressBand>(Get("progress"), ignoreCase: true, out var p) ? p : ProgressBand.Any,
            Sort: Enum.TryParse<EnrollmentSort>(Get("sort"), ignoreCase: true, out var o) ? o : EnrollmentSort.Newest,
            Page: Number(Get("page"), 1));
    }

    public static string ToQueryString(EnrollmentFilter f, int? page = null)
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value)) parts.Add($"{key}={Uri.EscapeDataString(value)}");
        }
        Add("q", f.Search);
        Add("status", f.Status?.ToString());
        Add("from", f.StartedFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", f.StartedTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (f.Progress != ProgressBand.Any) Add("progress", f.Progress.ToString());
        if (f.Sort != EnrollmentSort.Newest) Add("sort", f.Sort.ToString());
        if (page is > 1) Add("page", page.Value.ToString(CultureInfo.InvariantCulture));
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    /// <summary>A yyyy-MM-dd date in a sensible range (a typed year 9999 must not overflow the day after), else none.</summary>
    public static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d.Year is >= 1900 and <= 9000 ? d : null;

    /// <summary>A page or day count from the query string; anything else is the fallback, never an error page.</summary>
    public static int Number(string? text, int fallback) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;
}
