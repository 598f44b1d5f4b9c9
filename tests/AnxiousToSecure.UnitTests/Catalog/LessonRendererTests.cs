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

    [Fact]
    public void A_footnote_citation_survives_sanitizing_and_links_within_its_own_page()
    {
        var html = renderer.ToSafeHtml("Guilt is common.[^rotkirch-2010]\n\n[^rotkirch-2010]: Rotkirch, A. (2010). [PMC10480956](https://pmc.ncbi.nlm.nih.gov/articles/PMC10480956/)", "learn/maternal-guilt");
        // The marker, its note and the way back, each naming the lesson page (under <base href="/"> a bare #fn:1 is the home page).
        Assert.Contains("id=\"fnref:1\"", html);
        Assert.Contains("href=\"learn/maternal-guilt#fn:1\"", html);
        Assert.Contains("id=\"fn:1\"", html);
        Assert.Contains("href=\"learn/maternal-guilt#fnref:1\"", html);
        Assert.Contains("aria-label=\"Source 1\"", html);
        Assert.Contains("aria-label=\"Back to the text\"", html);
        Assert.Contains("class=\"footnote-ref\"", html);
        Assert.DoesNotContain("class=\"footnotes\"", html); // only the links get their class back
        Assert.Contains("href=\"https://pmc.ncbi.nlm.nih.gov/articles/PMC10480956/\" rel=\"noopener noreferrer\"", html);
    }

    [Theory]
    [InlineData("<p id=\"reflection-text\">x</p>")]
    [InlineData("<img id=\"location\" name=\"x\" src=\"https://example.org/a.png\">")]
    [InlineData("<a id=\"fn:1 x\" href=\"https://example.org\">x</a>")]
    public void Only_footnote_ids_are_kept(string markdown) =>
        Assert.DoesNotContain("id=", renderer.ToSafeHtml(markdown, "learn/x"));

    [Fact]
    public void A_footnote_cannot_carry_active_content()
    {
        var html = renderer.ToSafeHtml("Text.[^a]\n\n[^a]: <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>", "learn/x");
        Assert.Contains("id=\"fn:1\"", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void In_email_a_footnote_link_leads_to_the_lesson_on_the_site()
    {
        var html = renderer.ToSafeHtml("Text.[^a]\n\n[^a]: A note.", new Uri("https://course.example/"), "learn/maternal-guilt");
        Assert.Contains("href=\"https://course.example/learn/maternal-guilt#fn:1\"", html);
    }
}
