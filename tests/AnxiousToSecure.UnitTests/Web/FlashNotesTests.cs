using AnxiousToSecure.Web.Components.Shared;
using Microsoft.AspNetCore.DataProtection;

namespace AnxiousToSecure.UnitTests.Web;

[Trait("Category", "Web")]
public sealed class FlashNotesTests
{
    private readonly EphemeralDataProtectionProvider keys = new();

    [Fact]
    public void A_sealed_note_opens_and_a_forged_or_foreign_one_does_not()
    {
        var notes = new FlashNotes(keys);
        Assert.Equal("3 lessons updated", notes.Open(notes.Seal("3 lessons updated")));
        Assert.Null(notes.Open("3 lessons updated"));
        Assert.Null(notes.Open(null));
        Assert.Null(notes.Open(""));
        // Sealed for another purpose with the same keys: not a flash note.
        Assert.Null(notes.Open(keys.CreateProtector("something else").Protect("3 lessons updated")));
    }

    [Fact]
    public void A_link_carries_the_key_and_the_sealed_note_escaped()
    {
        var notes = new FlashNotes(keys);
        Assert.Equal("author?done=renamed", notes.Link("author", "renamed"));
        Assert.Equal("admin/x?page=2&done=refund-Failed", notes.Link("admin/x?page=2", "refund-Failed"));
        var link = notes.Link("author/import", "imported", "a & b");
        var note = Uri.UnescapeDataString(link[(link.IndexOf("&note=", StringComparison.Ordinal) + 6)..]);
        Assert.StartsWith("author/import?done=imported&note=", link);
        Assert.Equal("a & b", notes.Open(note));
    }

    [Fact]
    public void A_sentence_takes_the_note_only_where_it_has_a_place_for_it()
    {
        Assert.False(new FlashMessage("Refunded.").NeedsNote);
        Assert.Equal("Refunded.", new FlashMessage("Refunded.").With("ignored"));
        Assert.True(new FlashMessage("Imported: {0}.").NeedsNote);
        Assert.Equal("Imported: {0} lessons.", new FlashMessage("Imported: {0}.").With("{0} lessons"));
    }
}
