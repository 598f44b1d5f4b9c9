using AnxiousToSecure.Core.Audit;

namespace AnxiousToSecure.UnitTests.Audit;

[Trait("Category", "Audit")]
public sealed class WordDiffTests
{
    private static string Show(IEnumerable<DiffPart> parts) => string.Concat(parts.Select(p => p.Kind switch
    {
        DiffKind.Removed => $"[-{p.Text}]",
        DiffKind.Added => $"[+{p.Text}]",
        _ => p.Text,
    }));

    [Fact]
    public void A_changed_word_is_removed_and_added_whole_and_the_rest_is_kept()
    {
        Assert.Equal("The [-quick][+slow] brown fox", Show(WordDiff.Compute("The quick brown fox", "The slow brown fox")));
    }

    [Fact]
    public void A_run_of_changed_words_reads_as_one_removal_and_one_addition()
    {
        Assert.Equal("You [-are never alone][+can ask for help] today.", Show(WordDiff.Compute("You are never alone today.", "You can ask for help today.")));
    }

    [Fact]
    public void Words_added_or_removed_alone_and_identical_texts()
    {
        Assert.Equal("Breathe [+slowly ]in.", Show(WordDiff.Compute("Breathe in.", "Breathe slowly in.")));
        Assert.Equal("Breathe [-slowly ]in.", Show(WordDiff.Compute("Breathe slowly in.", "Breathe in.")));
        var same = WordDiff.Compute("Nothing changed.", "Nothing changed.");
        Assert.Equal([new DiffPart(DiffKind.Same, "Nothing changed.")], same);
        Assert.Equal([new DiffPart(DiffKind.Added, "New text")], WordDiff.Compute("", "New text"));
    }

    [Fact]
    public void Both_sides_are_kept_exactly()
    {
        const string before = "Line one.\n\nLine  two, with   spaces.";
        const string after = "Line one.\n\nLine three, with spaces.";
        var parts = WordDiff.Compute(before, after);
        Assert.Equal(before, string.Concat(parts.Where(p => p.Kind != DiffKind.Added).Select(p => p.Text)));
        Assert.Equal(after, string.Concat(parts.Where(p => p.Kind != DiffKind.Removed).Select(p => p.Text)));
    }
}
