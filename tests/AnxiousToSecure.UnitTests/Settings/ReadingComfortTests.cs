using AnxiousToSecure.Core.Settings;

namespace AnxiousToSecure.UnitTests.Settings;

/// <summary>Theme and text size round-trip through their cookie; anything unexpected is the default.</summary>
[Trait("Category", "Settings")]
public sealed class ReadingComfortTests
{
    [Theory]
    [InlineData("dark.large", Theme.Dark, TextSize.Large)]
    [InlineData("light.larger", Theme.Light, TextSize.Larger)]
    [InlineData("system.normal", Theme.System, TextSize.Normal)]
    public void A_choice_comes_back_from_its_cookie(string cookie, Theme theme, TextSize size)
    {
        var choice = ReadingComfort.FromCookie(cookie);
        Assert.Equal(new ReadingComfort(theme, size), choice);
        Assert.Equal(cookie, choice.ToCookie());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("dark")]
    [InlineData("2.1")]
    [InlineData("dark, light.large")]
    [InlineData("neon.large")]
    [InlineData("dark.large.extra")]
    public void Anything_else_is_the_default(string? cookie) => Assert.Equal(ReadingComfort.Default, ReadingComfort.FromCookie(cookie));

    [Fact]
    public void A_form_that_sends_one_field_keeps_the_other()
    {
        var before = new ReadingComfort(Theme.Dark, TextSize.Larger);
        Assert.Equal(new ReadingComfort(Theme.Light, TextSize.Larger), before.With("light", null));
        Assert.Equal(new ReadingComfort(Theme.Dark, TextSize.Normal), before.With("bogus", "normal"));
    }

    [Theory]
    [InlineData(Theme.System, "light dark")]
    [InlineData(Theme.Light, "light")]
    [InlineData(Theme.Dark, "dark")]
    public void The_page_tells_the_browser_which_scheme_to_paint(Theme theme, string scheme) =>
        Assert.Equal(scheme, new ReadingComfort(theme, TextSize.Normal).ColorScheme);
}
