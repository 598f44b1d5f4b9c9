using System.Text;
using System.Text.RegularExpressions;

namespace AnxiousToSecure.Bench.Http;

/// <summary>
/// Counts the statements the app ran, from PostgreSQL's log with <c>log_min_duration_statement = 0</c>:
/// every <c>duration: ... execute ...</c> (extended protocol, what Npgsql sends) or
/// <c>duration: ... statement: ...</c> (simple protocol) entry, except Hangfire's own (its SQL names
/// the <c>hangfire</c> schema), the <c>DISCARD ALL</c> of a pooled connection's reset, and the
/// benchmark's own markers, which delimit what belongs to one page.
/// </summary>
internal static partial class PostgresLog
{
    public const string MarkerText = "ats-bench-mark";

    /// <summary>The log's statements from <paramref name="offset"/> on, each with its whole text (continuation lines included).</summary>
    public static IReadOnlyList<string> StatementsFrom(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        file.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(file, Encoding.UTF8);
        var statements = new List<string>();
        StringBuilder? current = null;
        while (reader.ReadLine() is { } line)
        {
            if (EntryStart().IsMatch(line))
            {
                if (current is not null) statements.Add(current.ToString());
                var m = Statement().Match(line);
                current = m.Success ? new StringBuilder(m.Groups[1].Value) : null;
            }
            else if (current is not null)
            {
                current.Append('\n').Append(line);
            }
        }
        if (current is not null) statements.Add(current.ToString());
        return statements;
    }

    /// <summary>Statements between the markers <c>begin {page}</c> and <c>end {page}</c> that count, by the rule above.</summary>
    public static IReadOnlyList<string> Between(IReadOnlyList<string> statements, string page)
    {
        var begin = Marker(page, "begin");
        var end = Marker(page, "end");
        var counting = false;
        var counted = new List<string>();
        foreach (var s in statements)
        {
            if (s.Contains(begin, StringComparison.Ordinal)) { counting = true; continue; }
            if (s.Contains(end, StringComparison.Ordinal)) return counted;
            if (counting && Counts(s)) counted.Add(s);
        }
        throw new InvalidOperationException($"The log has no end marker for {page}.");
    }

    public static bool Counts(string statement) =>
        !statement.Contains("hangfire", StringComparison.OrdinalIgnoreCase)
        && !statement.TrimStart().StartsWith("DISCARD ALL", StringComparison.OrdinalIgnoreCase)
        && !statement.Contains(MarkerText, StringComparison.Ordinal);

    public static string Marker(string page, string edge) => $"{MarkerText} {edge} {page}";

    /// <summary>e.g. <c>2026-12-02 05:30:01.123 UTC [1234] </c>: the default log_line_prefix '%m [%p] '.</summary>
    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \S+ \[\d+\] ")]
    private static partial Regex EntryStart();

    [GeneratedRegex(@"LOG:  duration: [0-9.]+ ms  (?:execute [^:]*|statement): (.*)$")]
    private static partial Regex Statement();
}
