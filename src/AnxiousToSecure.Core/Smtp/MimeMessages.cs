using AnxiousToSecure.Core.Email;
using MimeKit;

namespace AnxiousToSecure.Core.Smtp;

/// <summary>Our <see cref="EmailMessage"/> as MIME: the only place that knows MimeKit's types.</summary>
public static class MimeMessages
{
    public static MimeMessage From(EmailMessage m)
    {
        var message = new MimeMessage();
        message.From.Add(Mailbox(m.From));
        message.To.Add(Mailbox(m.To));
        message.Subject = m.Subject;
        message.MessageId = m.MessageId;
        message.Date = m.Date;
        foreach (var header in m.Headers) message.Headers.Add(header.Name, header.Value);
        message.Body = new BodyBuilder { TextBody = m.TextBody, HtmlBody = m.HtmlBody }.ToMessageBody();
        return message;
    }

    private static MailboxAddress Mailbox(EmailAddress a) => a.Name is null ? MailboxAddress.Parse(a.Address) : new MailboxAddress(a.Name, a.Address);
}
