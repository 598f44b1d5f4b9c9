using System.Net;
using System.Text;
using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Email;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.Core.Smtp;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Core.Drip;

/// <summary>
/// The lesson reminder: one message for every lesson that opened since the last one. Discreet by
/// design: a neutral subject and sender, no tracking pixel, plain links, one-click unsubscribe.
/// </summary>
/// <summary>When her next lesson opens, in her zone: the email says it as her dashboard does.</summary>
public sealed record NextOpening(DateTimeOffset At, TimeZoneInfo Zone)
{
    public string Sentence => $"The next lesson opens on {TimeDisplay.DateTime(At, Zone)}.";
}

public sealed class LessonEmailComposer(IOptions<EmailOptions> options, UnsubscribeTokens tokens, LessonRenderer renderer)
{
    public const string OneClickPath = "/email/unsubscribe/one-click";
    public const string UnsubscribePagePath = "/email/unsubscribe";

    public EmailMessage Compose(ApplicationUser user, IReadOnlyList<Lesson> lessons, string messageKey, NextOpening? next = null)
    {
        if (lessons.Count == 0) throw new ArgumentException("A lesson email needs at least one lesson.", nameof(lessons));
        var o = options.Value;
        var (oneClick, unsubscribePage, settings, crisis) = LinksFor(user);
        var fullLesson = user.LessonEmailFormat == DripEmailFormat.FullLesson;

        // The first email of her course (it carries the lessons that open on day 0) is her welcome: it goes
        // out as soon as she has paid, through the same outbox, so it is retried and never sent twice.
        var welcome = lessons.Any(l => l.ReleaseAfterDays == 0);
        var subject = welcome ? "Welcome: your course is open"
            : lessons.Count == 1 ? "Your next lesson is ready" : $"{lessons.Count} new lessons are ready";

        var greeting = welcome
            ? string.IsNullOrWhiteSpace(user.DisplayName) ? "Welcome," : $"Welcome, {user.DisplayName}."
            : string.IsNullOrWhiteSpace(user.DisplayName) ? "Hello," : $"Hello {user.DisplayName},";
        var intro = welcome
            ? "Your course is open. Start with the first lesson whenever you have a quiet moment:"
            : lessons.Count == 1
                ? "Something new is ready for you in your course:"
                : "A few new pieces are ready for you in your course:";
        const string pace = "There is no rush. It will be there whenever you are ready, and nothing is lost by waiting.";

        var text = new StringBuilder()
            .AppendLine(greeting).AppendLine()
            .AppendLine(intro).AppendLine();
        var html = new StringBuilder()
            .Append("<!doctype html><html><body style=\"font-family:Georgia,serif;line-height:1.6;max-width:36em;margin:auto;padding:1em;color:#222\">")
            .Append("<p>").Append(Html(greeting)).Append("</p><p>").Append(Html(intro)).Append("</p><ul>");
        foreach (var lesson in lessons)
        {
            var link = o.Link($"/learn/{lesson.Slug}");
            text.AppendLine($"  {lesson.Title} ({lesson.Minutes} min)").AppendLine($"  {link}").AppendLine();
            html.Append($"<li><a href=\"{Html(link.ToString())}\">{Html(lesson.Title)}</a> ({lesson.Minutes} min)</li>");
        }
        text.AppendLine(pace);
        html.Append("</ul><p>").Append(Html(pace)).Append("</p>");
        if (next is not null)
        {
            text.AppendLine().AppendLine(next.Sentence);
            html.Append("<p>").Append(Html(next.Sentence)).Append("</p>");
        }
        if (welcome)
        {
            // Where everything else lives: her dashboard, with what is open and when the next lessons open.
            var dashboard = o.Link("/learn");
            const string later = "Your course page shows what is open and what comes next:";
            text.AppendLine().AppendLine(later).AppendLine($"  {dashboard}");
            html.Append("<p>").Append(Html(later)).Append($" <a href=\"{Html(dashboard.ToString())}\">your course page</a>.</p>");
        }

        if (fullLesson)
        {
            foreach (var lesson in lessons)
            {
                text.AppendLine().AppendLine(new string('-', 40)).AppendLine(lesson.Title).AppendLine();
                html.Append("<hr><h2>").Append(Html(lesson.Title)).Append("</h2>");
                if (!string.IsNullOrWhiteSpace(lesson.ContentNote))
                {
                    text.AppendLine($"Before you read: {lesson.ContentNote}").AppendLine();
                    html.Append("<p><strong>Before you read:</strong> ").Append(Html(lesson.ContentNote)).Append("</p>");
                }
                text.AppendLine(lesson.BodyMarkdown.Trim()).AppendLine();
                html.Append(renderer.ToSafeHtml(lesson.BodyMarkdown, new Uri(o.PublicBaseUrl), CourseContentCache.LessonPath(lesson.Slug)));
                if (!string.IsNullOrWhiteSpace(lesson.Practice))
                {
                    text.AppendLine($"To try before your next lesson: {lesson.Practice}").AppendLine();
                    html.Append("<p><strong>To try before your next lesson:</strong> ").Append(Html(lesson.Practice)).Append("</p>");
                }
            }
        }

        AppendFooter(text, html, unsubscribePage, settings, crisis);

        return Envelope(user, subject, messageKey, oneClick, text, html);
    }

    /// <summary>
    /// The gentle return note after a quiet spell: her next lesson is there whenever she is ready. Nothing
    /// about days missed, streaks or counts; the same neutral sender, unsubscribe headers and footer as lesson emails.
    /// </summary>
    public EmailMessage ComposeReturn(ApplicationUser user, Learn.LessonItem next, string messageKey)
    {
        var o = options.Value;
        var (oneClick, unsubscribePage, settings, crisis) = LinksFor(user);
        var link = o.Link($"/learn/{next.Slug}");

        var greeting = string.IsNullOrWhiteSpace(user.DisplayName) ? "Hello," : $"Hello {user.DisplayName},";
        const string intro = "Your next lesson is waiting for you, whenever you are ready:";
        const string pace = "There is no rush and nothing to catch up on. Come back when a quiet moment finds you.";
        const string quieter = "Prefer not to get notes like this one? You can turn them off in your reminder settings:";

        var text = new StringBuilder()
            .AppendLine(greeting).AppendLine()
            .AppendLine(intro).AppendLine()
            .AppendLine($"  {next.Title} ({next.Minutes} min)").AppendLine($"  {link}").AppendLine()
            .AppendLine(pace).AppendLine()
            .AppendLine(quieter).AppendLine($"  {settings}");
        var html = new StringBuilder()
            .Append("<!doctype html><html><body style=\"font-family:Georgia,serif;line-height:1.6;max-width:36em;margin:auto;padding:1em;color:#222\">")
            .Append("<p>").Append(Html(greeting)).Append("</p><p>").Append(Html(intro)).Append("</p>")
            .Append($"<p><a href=\"{Html(link.ToString())}\">{Html(next.Title)}</a> ({next.Minutes} min)</p>")
            .Append("<p>").Append(Html(pace)).Append("</p>")
            .Append("<p>").Append(Html(quieter)).Append($" <a href=\"{Html(settings.ToString())}\">reminder settings</a>.</p>");
        AppendFooter(text, html, unsubscribePage, settings, crisis);

        return Envelope(user, "Your course is here whenever you are ready", messageKey, oneClick, text, html);
    }

    /// <summary>The links every course email carries: one-click unsubscribe, the unsubscribe page, her reminder settings, the crisis page.</summary>
    private (Uri OneClick, Uri UnsubscribePage, Uri Settings, Uri Crisis) LinksFor(ApplicationUser user)
    {
        var o = options.Value;
        var token = Uri.EscapeDataString(tokens.Create(user.Id, user.UnsubscribeStamp));
        return (o.Link($"{OneClickPath}?token={token}"), o.Link($"{UnsubscribePagePath}?token={token}"), o.Link("/settings/reminders"), o.Link("/crisis"));
    }

    /// <summary>The neutral sender, her address, the unsubscribe headers and a message id that is the same on every try.</summary>
    private EmailMessage Envelope(ApplicationUser user, string subject, string messageKey, Uri oneClick, StringBuilder text, StringBuilder html) =>
        CourseEmailEnvelope.Build(options.Value, user, subject, messageKey, UnsubscribeHeaders(oneClick), text.ToString(), html.ToString());

    /// <summary>One-click unsubscribe (RFC 8058) on every course email.</summary>
    private static EmailHeader[] UnsubscribeHeaders(Uri oneClick) =>
    [
        new("List-Unsubscribe", $"<{oneClick}>"),
        new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
        new("Auto-Submitted", "auto-generated"),
    ];

    private static void AppendFooter(StringBuilder text, StringBuilder html, Uri unsubscribePage, Uri settings, Uri crisis)
    {
        text.AppendLine().AppendLine("--")
            .AppendLine("You get this email because you are enrolled in the course.")
            .AppendLine($"Stop lesson emails (your access stays the same): {unsubscribePage}")
            .AppendLine($"Change how they arrive, or pause: {settings}")
            .AppendLine($"If you are struggling right now: {crisis}");
        html.Append("<hr><p style=\"font-size:0.9em;color:#555\">You get this email because you are enrolled in the course.<br>")
            .Append($"<a href=\"{Html(unsubscribePage.ToString())}\">Stop lesson emails</a> (your access stays the same) · ")
            .Append($"<a href=\"{Html(settings.ToString())}\">Change how they arrive, or pause</a> · ")
            .Append($"<a href=\"{Html(crisis.ToString())}\">If you are struggling right now</a></p></body></html>");
    }

    private static string Html(string? s) => WebUtility.HtmlEncode(s ?? "");
}
