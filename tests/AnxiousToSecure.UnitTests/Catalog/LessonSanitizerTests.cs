using AnxiousToSecure.Core.Catalog;

namespace AnxiousToSecure.UnitTests.Catalog;

/// <summary>What the lesson sanitizer keeps and what it takes out, beyond script.</summary>
[Trait("Category", "Catalog")]
public sealed class LessonSanitizerTests
{
    private readonly LessonRenderer renderer = new();

    [Theory]
    [InlineData("[a page](https://example.org/a)", "href=\"https://example.org/a\"")]
    [InlineData("[a page](http://example.org/a)", "href=\"http://example.org/a\"")]
    [InlineData("[write to us](mailto:care@example.org)", "href=\"mailto:care@example.org\"")]
    [InlineData("[the next lesson](/learn/next)", "href=\"/learn/next\"")]
    public void Web_mail_and_internal_links_are_kept(string markdown, string expected) =>
        Assert.Contains(expected, renderer.ToSafeHtml(markdown));

    [Theory]
    [InlineData("[x](ftp://example.org/file)")]
    [InlineData("<a href=\"tel:+15551234\">call</a>")]
    [InlineData("<a href=\"vbscript:msgbox(1)\">x</a>")]
    public void Links_in_any_other_scheme_lose_their_target(string markdown)
    {
        var html = renderer.ToSafeHtml(markdown);
        Assert.Contains("<a", html);
        Assert.DoesNotContain("href=", html);
    }

    [Theory]
    [InlineData("[a page](https://example.org/a)")]
    [InlineData("[a page](HTTP://example.org/a)")]
    public void Links_that_leave_the_site_open_without_handing_over_the_page(string markdown) =>
        Assert.Contains("rel=\"noopener noreferrer\"", renderer.ToSafeHtml(markdown));

    [Theory]
    [InlineData("[the next lesson](/learn/next)")]
    [InlineData("[write to us](mailto:care@example.org)")]
    public void Internal_and_mail_links_get_no_rel(string markdown) =>
        Assert.DoesNotContain("rel=", renderer.ToSafeHtml(markdown));

    [Theory]
    [InlineData("<input name=\"q\">", "<input")]
    [InlineData("<button>go</button>", "<button")]
    [InlineData("<textarea>x</textarea>", "<textarea")]
    [InlineData("<select><option>a</option></select>", "<select")]
    [InlineData("<form><p>x</p></form>", "<form")]
    public void Form_controls_never_reach_the_page(string markdown, string forbidden)
    {
        var html = renderer.ToSafeHtml(markdown);
        Assert.DoesNotContain(forbidden, html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("<p style=\"color: red\">x</p>")]
    [InlineData("<span style=\"display:none\">hidden</span>")]
    public void Inline_styles_are_removed_even_harmless_ones(string markdown) =>
        Assert.DoesNotContain("style", renderer.ToSafeHtml(markdown), StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void For_email_relative_links_become_absolute_against_the_site()
    {
        var html = renderer.ToSafeHtml("[the next lesson](/learn/next)", new Uri("https://course.example/"), "learn/this");
        Assert.Contains("href=\"https://course.example/learn/next\"", html);
    }

    [Fact]
    public void Typography_footnotes_and_tables_are_rendered()
    {
        var html = renderer.ToSafeHtml("\"Quoted\" -- text[^1]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: A note.");
        Assert.Contains("“Quoted” – text", html);
        Assert.Contains("<table", html);
        Assert.Contains("href=\"#fn:1\"", html);
    }
}
