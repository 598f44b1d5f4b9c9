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
            : EmailBody.Hello(user.DisplayName);
        var intro = welcome
            ? "Your course is open. Start with the first lesson whenever you have a quiet moment:"
            : lessons.Count == 1
                ? "Something new is ready for you in your course:"
                : "A few new pieces are ready for you in your course:";
        const string pace = "There is no rush. It will be there whenever you are ready, and nothing is lost by waiting.";

        var body = new EmailBody().Paragraph(greeting).Paragraph(intro)
            .LinkList(lessons.Select(l => (l.Title, $" ({l.Minutes} min)", o.Link($"/learn/{l.Slug}"))))
            .Paragraph(pace);
        if (next is not null) body.Paragraph(next.Sentence);
        // Where everything else lives: her dashboard, with what is open and when the next lessons open.
        if (welcome) body.SentenceWithLink("Your course page shows what is open and what comes next:", "your course page", o.Link("/learn"));

        if (fullLesson)
        {
            foreach (var lesson in lessons)
            {
                body.Heading(lesson.Title);
                if (!string.IsNullOrWhiteSpace(lesson.ContentNote)) body.Labelled("Before you read", lesson.ContentNote);
                body.Rendered(lesson.BodyMarkdown.Trim(), renderer.ToSafeHtml(lesson.BodyMarkdown, new Uri(o.PublicBaseUrl), CourseContentCache.LessonPath(lesson.Slug)));
                if (!string.IsNullOrWhiteSpace(lesson.Practice)) body.Labelled("To try before your next lesson", lesson.Practice);
            }
        }

        return Envelope(user, subject, messageKey, oneClick, Footer(body, unsubscribePage, settings, crisis));
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

        var body = new EmailBody().Paragraph(EmailBody.Hello(user.DisplayName))
            .Paragraph("Your next lesson is waiting for you, whenever you are ready:")
            .LinkList([(next.Title, $" ({next.Minutes} min)", link)])
            .Paragraph("There is no rush and nothing to catch up on. Come back when a quiet moment finds you.")
            .SentenceWithLink("Prefer not to get notes like this one? You can turn them off in your reminder settings:", "reminder settings", settings);
        return Envelope(user, "Your course is here whenever you are ready", messageKey, oneClick, Footer(body, unsubscribePage, settings, crisis));
    }

    /// <summary>The links every course email carries: one-click unsubscribe, the unsubscribe page, her reminder settings, the crisis page.</summary>
    private (Uri OneClick, Uri UnsubscribePage, Uri Settings, Uri Crisis) LinksFor(ApplicationUser user)
    {
        var o = options.Value;
        var token = Uri.EscapeDataString(tokens.Create(user.Id, user.UnsubscribeStamp));
        return (o.Link($"{OneClickPath}?token={token}"), o.Link($"{UnsubscribePagePath}?token={token}"), o.Link("/settings/reminders"), o.Link("/crisis"));
    }

    /// <summary>The neutral sender, her address, the unsubscribe headers and a message id that is the same on every try.</summary>
    private EmailMessage Envelope(ApplicationUser user, string subject, string messageKey, Uri oneClick, EmailBody body) =>
        CourseEmailEnvelope.Build(options.Value, user, subject, messageKey, UnsubscribeHeaders(oneClick), body.Text, body.Html);

    /// <summary>One-click unsubscribe (RFC 8058) on every course email.</summary>
    private static EmailHeader[] UnsubscribeHeaders(Uri oneClick) =>
    [
        new("List-Unsubscribe", $"<{oneClick}>"),
        new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
        new("Auto-Submitted", "auto-generated"),
    ];

    private static EmailBody Footer(EmailBody body, Uri unsubscribePage, Uri settings, Uri crisis) =>
        body.Footer("You get this email because you are enrolled in the course.", [
            ("Stop lesson emails", unsubscribePage, "(your access stays the same)"),
            ("Change how they arrive, or pause", settings, null),
            ("If you are struggling right now", crisis, null),
        ]);
}
