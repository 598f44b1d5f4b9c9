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
}
