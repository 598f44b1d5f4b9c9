using AnxiousToSecure.Core.Catalog;

namespace AnxiousToSecure.UnitTests.Catalog;

/// <summary>A lesson carries only the file types it names, recognised by their first bytes as well as their name.</summary>
[Trait("Category", "Catalog")]
public sealed class AttachmentTypesTests
{
    private static byte[] Bytes(params int[] head) => [.. head.Select(b => (byte)b), .. new byte[16]];

    private static readonly byte[] Pdf = [.. "%PDF-1.7\n"u8, .. new byte[16]];
    private static readonly byte[] Id3 = [.. "ID3"u8, .. new byte[16]];
    private static readonly byte[] M4a = [0, 0, 0, 0x18, .. "ftypM4A "u8, 0, 0, 0, 0];
    private static readonly byte[] Png = Bytes(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
    private static readonly byte[] Jpeg = Bytes(0xFF, 0xD8, 0xFF, 0xE0);

    public static TheoryData<string, byte[], string> GoodFiles => new()
    {
        { "worksheet.pdf", Pdf, "application/pdf" },
        { "Worksheet.PDF", Pdf, "application/pdf" },
        { "talk.mp3", Id3, "audio/mpeg" },
        { "talk.mp3", Bytes(0xFF, 0xFB, 0x90, 0x64), "audio/mpeg" },
        { "talk.mp3", Bytes(0xFF, 0xE0), "audio/mpeg" },
        { "talk.m4a", M4a, "audio/mp4" },
        { "chart.png", Png, "image/png" },
        { "photo.jpg", Jpeg, "image/jpeg" },
        { "photo.jpeg", Jpeg, "image/jpeg" },
    };

    [Theory]
    [MemberData(nameof(GoodFiles))]
    public void A_file_whose_bytes_match_its_name_is_accepted_with_its_content_type(string name, byte[] bytes, string contentType)
    {
        Assert.Null(AttachmentTypes.Problem(name, bytes));
        Assert.Equal(contentType, AttachmentTypes.ContentType(name));
    }

    public static TheoryData<string, byte[]> Impostors => new()
    {
        { "worksheet.pdf", Png },
        { "chart.png", Pdf },
        { "photo.jpg", Png },
        { "photo.jpeg", Pdf },
        { "talk.mp3", Pdf },
        { "talk.mp3", Bytes(0x00, 0xFB) },
        { "talk.mp3", Bytes(0xFE, 0xFB) },
        { "talk.mp3", Bytes(0xFF, 0x1F) },
        { "talk.mp3", Bytes(0xFF, 0xC0) },
        { "talk.mp3", [0xFF] },
        { "talk.m4a", Pdf },
        { "talk.m4a", [0, 0, 0, 0x18, .. "ftyp"u8] },
    };

    [Theory]
    [MemberData(nameof(Impostors))]
    public void A_file_whose_bytes_do_not_match_its_name_is_refused_and_says_what_it_claimed_to_be(string name, byte[] bytes)
    {
        var kind = Path.GetExtension(name).TrimStart('.').ToUpperInvariant();
        Assert.Equal($"'{name}' does not look like a {kind} file inside; nothing was saved.", AttachmentTypes.Problem(name, bytes));
    }

    [Fact]
    public void An_unknown_type_is_refused_with_the_list_of_allowed_ones()
    {
        Assert.Equal("'notes.docx' is not a file type lessons can carry. Allowed: PDF, MP3, M4A, PNG, JPG, JPEG.", AttachmentTypes.Problem("notes.docx", Pdf));
        Assert.Equal("PDF, MP3, M4A, PNG, JPG, JPEG", AttachmentTypes.AllowedList);
        Assert.Equal("application/octet-stream", AttachmentTypes.ContentType("notes.docx"));
    }

    [Fact]
    public void An_empty_file_is_refused() => Assert.Equal("'worksheet.pdf' is empty.", AttachmentTypes.Problem("worksheet.pdf", []));

    [Fact]
    public void A_file_may_be_25_MB_and_no_more()
    {
        var largest = new byte[AttachmentTypes.MaxBytes];
        Pdf.CopyTo(largest, 0);
        Assert.Null(AttachmentTypes.Problem("big.pdf", largest));

        var tooBig = new byte[AttachmentTypes.MaxBytes + 512 * 1024];
        Pdf.CopyTo(tooBig, 0);
        Assert.Equal("'big.pdf' is 25.5 MB; attachments can be at most 25 MB.", AttachmentTypes.Problem("big.pdf", tooBig));
    }
}
