using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.UnitTests.Author;

namespace AnxiousToSecure.UnitTests.Catalog;

[Trait("Category", "Catalog")]
public sealed class LessonRendererTests
{
    private readonly LessonRenderer renderer = new();

    [Fact]
    public void Markdown_becomes_html()
    {
        var html = renderer.ToSafeHtml("## A heading\n\nSome *gentle* text and a [link](https://example.org).");
        Assert.Contains("<h2", html);
        Assert.Contains("<em>gentle</em>", html);
        Assert.Contains("href=\"https://example.org\"", html);
        Assert.Contains("rel=\"noopener noreferrer\"", html);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", "<script")]
    [InlineData("<img src=x onerror=\"alert(1)\">", "onerror")]
    [InlineData("[click](javascript:alert(1))", "javascript:")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>", "javascript:")]
    [InlineData("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>", "data:")]
    [InlineData("<svg><script>alert(1)</script></svg>", "<script")]
    [InlineData("<iframe src=\"https://example.org\"></iframe>", "<iframe")]
    [InlineData("<p style=\"background:url(javascript:alert(1))\">x</p>", "style=")]
    [InlineData("<form action=\"https://evil.example\"><button>go</button></form>", "<form")]
    public void Active_content_never_reaches_the_page(string markdown, string forbidden)
    {
        var html = renderer.ToSafeHtml(markdown);
        Assert.DoesNotContain(forbidden, html, StringComparison.OrdinalIgnoreCase);
    }
}
