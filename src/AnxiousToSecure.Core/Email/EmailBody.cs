using System.Net;
using System.Text;

namespace AnxiousToSecure.Core.Email;

/// <summary>
/// The plain text and the HTML of one course email, written in step so the two always say the same: one page
/// style, one greeting rule, paragraphs, links, a quoted message and the footer. Every text is encoded here.
/// </summary>
public sealed class EmailBody
{
    private const string PageStyle = "font-family:Georgia,serif;line-height:1.6;max-width:36em;margin:auto;padding:1em;color:#222";

    private readonly StringBuilder text = new();
    private readonly StringBuilder html = new StringBuilder().Append($"<!doctype html><html><body style=\"{PageStyle}\">");

    /// <summary>"Hello Jane," or, without a name, "Hello,".</summary>
    public static string Hello(string? name) => string.IsNullOrWhiteSpace(name) ? "Hello," : $"Hello {name},";

    public EmailBody Paragraph(string line)
    {
        text.AppendLine(line).AppendLine();
        html.Append("<p>").Append(H(line)).Append("</p>");
        return this;
    }

    public EmailBody Paragraphs(IEnumerable<string> lines)
    {
        foreach (var line in lines) Paragraph(line);
        return this;
    }

    /// <summary>A link on a line of its own: "  Label: https://…" in the text, a link named by the label in the HTML.</summary>
    public EmailBody Link(string label, Uri url)
    {
        text.AppendLine($"  {label}: {url}").AppendLine();
        html.Append($"<p><a href=\"{H(url.ToString())}\">{H(label)}</a></p>");
        return this;
    }

    /// <summary>A sentence that ends in a link: "Sentence\n  https://…" in the text, the sentence and a named link in the HTML.</summary>
    public EmailBody SentenceWithLink(string sentence, string linkText, Uri url)
    {
        text.AppendLine(sentence).AppendLine($"  {url}").AppendLine();
        html.Append("<p>").Append(H(sentence)).Append($" <a href=\"{H(url.ToString())}\">{H(linkText)}</a>.</p>");
        return this;
    }

    /// <summary>Someone else's words (a gift's message), kept as written, line breaks and all.</summary>
    public EmailBody Quote(string intro, string words)
    {
        text.AppendLine(intro).AppendLine().AppendLine(words).AppendLine();
        html.Append("<p>").Append(H(intro)).Append("</p><blockquote style=\"margin-left:1em;padding-left:1em;border-left:3px solid #ccc\">")
            .Append(H(words).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</blockquote>");
        return this;
    }

    /// <summary>The raw HTML of a lesson the renderer has already made safe, with its text beside it.</summary>
    public EmailBody Rendered(string plain, string safeHtml)
    {
        text.AppendLine(plain).AppendLine();
        html.Append(safeHtml);
        return this;
    }

    public EmailBody Heading(string title)
    {
        text.AppendLine(new string('-', 40)).AppendLine(title).AppendLine();
        html.Append("<hr><h2>").Append(H(title)).Append("</h2>");
        return this;
    }

    /// <summary>A paragraph that starts with a bold lead-in: "Before you read: …".</summary>
    public EmailBody Labelled(string label, string line)
    {
        text.AppendLine($"{label}: {line}").AppendLine();
        html.Append("<p><strong>").Append(H(label)).Append(":</strong> ").Append(H(line)).Append("</p>");
        return this;
    }

    /// <summary>A bulleted list of links ("  Title (5 min)" then the address in the text).</summary>
    public EmailBody LinkList(IEnumerable<(string Label, string After, Uri Url)> items)
    {
        html.Append("<ul>");
        foreach (var (label, after, url) in items)
        {
            text.AppendLine($"  {label}{after}").AppendLine($"  {url}").AppendLine();
            html.Append($"<li><a href=\"{H(url.ToString())}\">{H(label)}</a>{H(after)}</li>");
        }
        html.Append("</ul>");
        return this;
    }

    /// <summary>
    /// The small print under a rule: why she gets this email, then each link (named in the HTML, with its address
    /// in the text; a note after a link's name stays outside the link), the crisis page last on every course email.
    /// </summary>
    public EmailBody Footer(string why, IEnumerable<(string Label, Uri Url, string? Note)> links, string? afterWhy = null)
    {
        text.AppendLine("--").AppendLine(afterWhy is null ? why : $"{why} {afterWhy}");
        html.Append("<hr><p style=\"font-size:0.9em;color:#555\">").Append(H(why));
        if (afterWhy is not null) html.Append(' ').Append(H(afterWhy));
        var first = true;
        foreach (var (label, url, note) in links)
        {
            text.AppendLine(note is null ? $"{label}: {url}" : $"{label} {note}: {url}");
            html.Append(first ? "<br>" : " · ").Append($"<a href=\"{H(url.ToString())}\">{H(label)}</a>");
            if (note is not null) html.Append(' ').Append(H(note));
            first = false;
        }
        html.Append("</p>");
        return this;
    }

    public string Text => text.ToString();

    public string Html => html + "</body></html>";

    private static string H(string? s) => WebUtility.HtmlEncode(s ?? "");
}
