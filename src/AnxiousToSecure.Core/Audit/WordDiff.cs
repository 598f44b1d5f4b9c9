using System.Text.RegularExpressions;
using DiffPlex;
using DiffPlex.Chunkers;

namespace AnxiousToSecure.Core.Audit;

public enum DiffKind
{
    Same,
    Removed,
    Added,
}

public sealed record DiffPart(DiffKind Kind, string Text);

/// <summary>
/// What changed between two texts, word by word (DiffPlex over words and the spaces between them),
/// for people to read: a run of changed words reads as one removal and one addition, never
/// broken up by the single spaces they share.
/// </summary>
public static partial class WordDiff
{
    [GeneratedRegex(@"\s+|[^\s]+")]
    private static partial Regex Token();

    private static readonly CustomFunctionChunker Words = new(text => [.. Token().Matches(text).Select(m => m.Value)]);

    public static IReadOnlyList<DiffPart> Compute(string before, string after)
    {
        var result = Differ.Instance.CreateDiffs(before, after, ignoreWhiteSpace: false, ignoreCase: false, Words);
        var parts = new List<DiffPart>();
        var a = 0;
        foreach (var block in result.DiffBlocks)
        {
            Add(parts, DiffKind.Same, result.PiecesOld, a, block.DeleteStartA - a);
            Add(parts, DiffKind.Removed, result.PiecesOld, block.DeleteStartA, block.DeleteCountA);
            Add(parts, DiffKind.Added, result.PiecesNew, block.InsertStartB, block.InsertCountB);
            a = block.DeleteStartA + block.DeleteCountA;
        }
        Add(parts, DiffKind.Same, result.PiecesOld, a, int.MaxValue);
        return Coalesce(parts);
    }

    private static void Add(List<DiffPart> parts, DiffKind kind, IEnumerable<string> pieces, int start, int count)
    {
        if (count <= 0) return;
        var text = string.Concat(pieces.Skip(start).Take(count));
        if (text.Length > 0) parts.Add(new DiffPart(kind, text));
    }

    /// <summary>Folds whitespace-only sameness between two changes into them, then joins neighbours of one kind (removals before additions).</summary>
    private static List<DiffPart> Coalesce(List<DiffPart> parts)
    {
        var removed = new System.Text.StringBuilder();
        var added = new System.Text.StringBuilder();
        var output = new List<DiffPart>();
        void Flush()
        {
            if (removed.Length > 0) output.Add(new DiffPart(DiffKind.Removed, removed.ToString()));
            if (added.Length > 0) output.Add(new DiffPart(DiffKind.Added, added.ToString()));
            removed.Clear();
            added.Clear();
        }
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            var inChange = removed.Length > 0 || added.Length > 0;
            var bridge = part.Kind == DiffKind.Same && inChange && string.IsNullOrWhiteSpace(part.Text)
                && i + 1 < parts.Count && parts[i + 1].Kind != DiffKind.Same;
            if (bridge)
            {
                if (removed.Length > 0) removed.Append(part.Text);
                if (added.Length > 0) added.Append(part.Text);
            }
            else if (part.Kind == DiffKind.Removed) removed.Append(part.Text);
            else if (part.Kind == DiffKind.Added) added.Append(part.Text);
            else
            {
                Flush();
                output.Add(part);
            }
        }
        Flush();
        return output;
    }
}
