using Ganss.Xss;
using Markdig;

namespace AnxiousToSecure.Core.Catalog;

/// <summary>
/// Markdown to safe HTML. Every place that shows lesson text (student pages, the author's preview,
/// email) goes through this one renderer, so what the author previews is what students get.
/// </summary>
public sealed class LessonRenderer
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

    /// <summary>For email: relative links become absolute against the site's address.</summary>
    public string ToSafeHtml(string markdown, Uri baseUrl) => sanitizer.Sanitize(Markdown.ToHtml(markdown, pipeline), baseUrl.ToString());

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
        s.AllowedCssProperties.Clear();
        s.PostProcessNode += (_, e) =>
        {
            // External links open safely; internal ones stay in the page.
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } a && a.GetAttribute("href") is { } href
                && href.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            {
                a.SetAttribute("rel", "noopener noreferrer");
            }
        };
        return s;
    }
}
