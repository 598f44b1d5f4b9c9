using AnxiousToSecure.Core.Audit;

namespace AnxiousToSecure.UnitTests.Audit;

[Trait("Category", "Audit")]
public sealed class LessonEditDetailsTests
{
    [Fact]
    public void The_first_line_stays_as_entries_always_said_and_the_changes_read_back()
    {
        var details = LessonEditDetails.Write("welcome", [new FieldChange("Title", "Welcome", "Welcome in"), new FieldChange("Minutes", "10", "12")]);
        Assert.StartsWith("welcome: Title, Minutes\n", details);
        Assert.Equal("welcome: Title, Minutes", LessonEditDetails.Summary(details));
        Assert.Equal([new FieldChange("Title", "Welcome", "Welcome in"), new FieldChange("Minutes", "10", "12")], LessonEditDetails.Read(details));
    }

    [Fact]
    public void Entries_from_before_carry_no_changes()
    {
        Assert.Empty(LessonEditDetails.Read("welcome: Title, BodyMarkdown"));
        Assert.Empty(LessonEditDetails.Read(null));
        Assert.Empty(LessonEditDetails.Read("welcome: Title\nnot json"));
    }

    [Fact]
    public void Only_the_changed_passage_is_kept_with_a_few_words_around_it()
    {
        var words = Enumerable.Range(1, 40).Select(i => $"w{i}").ToList();
        var before = string.Join(' ', words);
        words[20] = "CHANGED";
        var after = string.Join(' ', words);
        var (b, a) = LessonEditDetails.Excerpt(before, after);
        Assert.Equal("… w15 w16 w17 w18 w19 w20 w21 w22 w23 w24 w25 w26 w27 …", b);
        Assert.Equal("… w15 w16 w17 w18 w19 w20 CHANGED w22 w23 w24 w25 w26 w27 …", a);
    }

    [Fact]
    public void A_whole_rewrite_of_a_long_lesson_still_fits_the_entry()
    {
        var before = string.Join(' ', Enumerable.Repeat("old", 3000));
        var after = string.Join(' ', Enumerable.Repeat("new", 3000));
        var details = LessonEditDetails.Write("long", [new FieldChange("BodyMarkdown", before, after), new FieldChange("Practice", "a", "b")]);
        Assert.True(details.Length <= AuditEntry.DetailsMaxLength, $"{details.Length} characters");
        var changes = LessonEditDetails.Read(details);
        Assert.Equal(2, changes.Count);
        Assert.EndsWith("…", changes[0].Before);
        Assert.Equal(new FieldChange("Practice", "a", "b"), changes[1]);
    }
}
