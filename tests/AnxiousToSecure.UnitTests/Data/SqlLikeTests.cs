using AnxiousToSecure.Core.Data;

namespace AnxiousToSecure.UnitTests.Data;

[Trait("Category", "Data")]
public sealed class SqlLikeTests
{
    [Theory]
    [InlineData("ana", "%ana%")]
    [InlineData("  ana  ", "%ana%")]
    [InlineData("50%", @"%50\%%")]
    [InlineData("a_b", @"%a\_b%")]
    [InlineData(@"c:\x", @"%c:\\x%")]
    [InlineData(@"\%_", @"%\\\%\_%")]
    public void A_search_matches_its_text_anywhere_with_wildcards_taken_literally(string text, string pattern) =>
        Assert.Equal(pattern, SqlLike.Contains(text));
}
