using AnxiousToSecure.Core.Accounts;

namespace AnxiousToSecure.UnitTests.Accounts;

[Trait("Category", "Accounts")]
public sealed class ReturnUrlsTests
{
    [Theory]
    [InlineData("/checkout/begin")]
    [InlineData("/learn/welcome?from=email")]
    public void A_path_on_this_site_is_kept(string url) => Assert.Equal(url, ReturnUrls.LocalOrNull(url));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("https://elsewhere.example/")]
    [InlineData("//elsewhere.example/")]
    [InlineData("/\\elsewhere.example")]
    [InlineData("/path\\to")]
    [InlineData("javascript:alert(1)")]
    [InlineData("checkout/begin")]
    public void Anything_else_is_dropped(string? url) => Assert.Null(ReturnUrls.LocalOrNull(url));

    [Fact]
    public void A_very_long_address_is_dropped() => Assert.Null(ReturnUrls.LocalOrNull("/" + new string('a', ReturnUrls.MaxLength)));

    [Theory]
    [InlineData("learn/welcome#reflection", "learn/welcome#reflection")]
    [InlineData("learn/welcome#care-2", "learn/welcome#care-2")]
    [InlineData("learn/welcome#", "fallback")]
    [InlineData("learn/welcome#a\"onload", "fallback")]
    [InlineData("#care", "fallback")]
    [InlineData("//elsewhere.example#x", "fallback")]
    [InlineData("settings/reading?saved=1", "settings/reading?saved=1")]
    [InlineData("/learn/welcome", "fallback")]
    [InlineData("//elsewhere.example", "fallback")]
    [InlineData("https://elsewhere.example", "fallback")]
    [InlineData("learn\\x", "fallback")]
    [InlineData(null, "fallback")]
    public void A_forms_relative_way_back_is_kept_only_when_it_stays_here(string? url, string expected) =>
        Assert.Equal(expected, ReturnUrls.RelativeOr(url, "fallback"));
}
