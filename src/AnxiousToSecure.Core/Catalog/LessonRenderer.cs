using System.Text.RegularExpressions;
using Ganss.Xss;
using Markdig;

namespace AnxiousToSecure.Core.Catalog;

/// <summary>
/// Markdown to safe HTML. Every place that shows lesson text (student pages, the author's preview,
/// email) goes through this one renderer, so what the author previews is what students get.
/// </summary>
public sealed partial class LessonRenderer
{
    private readonly MarkdownPipeline pipeline = new MarkdownPipelineBuilder()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseListExtras()
        .UseFootnotes()
        .UsePipeTables()
        .UseSmartyPants()
        .Build();

    private readonly HtmlSanitizer sanitizer = CreateSanitizer();

    public string ToSafeHtml(string markdown) => sanitizer.Sanitize(Markdown.ToHtml(markdown, pipeline));

    /// <summary>
    /// For a page at <paramref name="pagePath"/> (relative to the site's base, such as <c>learn/welcome</c>):
    /// in-page links (footnotes and their way back) name the page, because under the site's
    /// <c>&lt;base href="/"&gt;</c> a bare <c>#fn:1</c> would lead to the home page.
    /// </summary>
    public string ToSafeHtml(string markdown, string pagePath) => sanitizer.Sanitize(InPage(Markdown.ToHtml(markdown, pipeline), pagePath));

    /// <summary>For email: relative links become absolute against the site's address (in-page ones against <paramref name="pagePath"/>).</summary>
    public string ToSafeHtml(string markdown, Uri baseUrl, string pagePath) =>
        sanitizer.Sanitize(InPage(Markdown.ToHtml(markdown, pipeline), pagePath), baseUrl.ToString());

    private static string InPage(string html, string pagePath) =>
        html.Replace("href=\"#", $"href=\"{pagePath}#", StringComparison.Ordinal);

    private static HtmlSanitizer CreateSanitizer()
    {
        var s = new HtmlSanitizer();
        s.AllowedSchemes.Clear();
        s.AllowedSchemes.Add("https");
        s.AllowedSchemes.Add("http");
        s.AllowedSchemes.Add("mailto");
        s.AllowedTags.Remove("form");
        s.AllowedTags.Remove("input");
        s.AllowedTags.Remove("button");
        s.AllowedTags.Remove("textarea");
        s.AllowedTags.Remove("select");
        s.AllowedAttributes.Remove("style");
        s.AllowedAttributes.Add("id");
        s.AllowedCssProperties.Clear();
        s.PostProcessNode += (_, e) =>
        {
            if (e.Node is not AngleSharp.Dom.IElement element) return;
            // Only footnotes' own ids: any other id could clash with the page's (its form and
            // headings) or shadow a global name a script reads (DOM clobbering).
            if (element.GetAttribute("id") is { } id && !FootnoteId().IsMatch(id)) element.RemoveAttribute("id");
            if (element is not { TagName: "A" } a) return;
            var href = a.GetAttribute("href");
            if (href is not null && href.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            {
                // External links open safely; internal ones stay in the page.
                a.SetAttribute("rel", "noopener noreferrer");
            }
            // The sanitizer drops classes (lesson text must not borrow the page's); footnote links get
            // theirs back, known by the ids and targets Markdig gives them. Their number and "↩" mean
            // nothing read aloud: they are named.
            if (a.GetAttribute("id")?.StartsWith("fnref:", StringComparison.Ordinal) == true)
            {
                a.SetAttribute("class", "footnote-ref");
                a.SetAttribute("aria-label", $"Source {a.TextContent.Trim()}");
            }
            else if (href?.Contains("#fnref:", StringComparison.Ordinal) == true)
            {
                a.SetAttribute("class", "footnote-back-ref");
                a.SetAttribute("aria-label", "Back to the text");
            }
        };
        return s;
    }

    [GeneratedRegex("^fn(ref)?:[0-9]+(-[0-9]+)?$")]
    private static partial Regex FootnoteId();
}
