using AnxiousToSecure.Core.Email;
using AnxiousToSecure.Core.Jobs;
using AnxiousToSecure.Core.Smtp;
using MimeKit;

namespace AnxiousToSecure.UnitTests.Smtp;

/// <summary>Our email record becomes the same MIME message the rules used to build with MimeKit themselves.</summary>
[Trait("Category", "Smtp")]
public sealed class MimeMessagesTests
{
    private static readonly EmailMessage Lesson = new()
    {
        From = new EmailAddress("course@example.com", "Course team"),
        To = new EmailAddress("ana@example.com", ""),
        Subject = "Your next lesson is ready",
        MessageId = "lesson-42@example.org",
        Date = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1)),
        Headers =
        [
            new("List-Unsubscribe", "<http://localhost/email/unsubscribe/one-click?token=abc>"),
            new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            new("Auto-Submitted", "auto-generated"),
        ],
        TextBody = "Hello,\n\nA lesson\n",
        HtmlBody = "<p>Hello,</p>",
    };

    [Fact]
    public void Headers_addresses_and_bodies_are_kept()
    {
        var mime = MimeMessages.From(Lesson);

        Assert.Equal("lesson-42@example.org", mime.MessageId);
        Assert.Equal(Lesson.Date, mime.Date);
        Assert.Equal("<http://localhost/email/unsubscribe/one-click?token=abc>", mime.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", mime.Headers["List-Unsubscribe-Post"]);
        Assert.Equal("auto-generated", mime.Headers["Auto-Submitted"]);
        var from = Assert.IsType<MailboxAddress>(Assert.Single(mime.From));
        Assert.Equal(("Course team", "course@example.com"), (from.Name, from.Address));
        var to = Assert.IsType<MailboxAddress>(Assert.Single(mime.To));
        Assert.Equal("ana@example.com", to.Address);
        Assert.True(string.IsNullOrEmpty(to.Name));
        Assert.Equal("Your next lesson is ready", mime.Subject);
        Assert.Equal("Hello,\n\nA lesson\n", mime.TextBody);
        Assert.Equal("<p>Hello,</p>", mime.HtmlBody);
    }

    [Fact]
    public void A_message_without_html_is_plain_text()
    {
        var mime = MimeMessages.From(Lesson with { HtmlBody = null });

        Assert.Null(mime.HtmlBody);
        Assert.IsType<TextPart>(mime.Body);
    }

    [Fact]
    public void Every_message_has_its_own_id_unless_one_is_given()
    {
        var a = new EmailMessage { From = Lesson.From, To = Lesson.To, Subject = "s", TextBody = "t" };
        var b = a with { };
        var c = new EmailMessage { From = Lesson.From, To = Lesson.To, Subject = "s", TextBody = "t" };

        Assert.Equal(a.MessageId, b.MessageId);
        Assert.NotEqual(a.MessageId, c.MessageId);
        Assert.Contains('@', a.MessageId);
    }
}
