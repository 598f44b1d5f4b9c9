using AnxiousToSecure.Core.Data;

namespace AnxiousToSecure.Core.Email;

/// <summary>
/// The sender rules every email to a student about her course follows (lesson emails, the gentle return
/// note, notices about her money): the neutral sender name and address from configuration, her address
/// with her name, and a message id built from a key that is the same on every try.
/// </summary>
public static class CourseEmailEnvelope
{
    public static EmailMessage Build(EmailOptions o, ApplicationUser user, string subject, string messageKey, IReadOnlyList<EmailHeader> headers, string text, string html) =>
        Build(o, user.Email ?? throw new InvalidOperationException($"User {user.Id} has no email address."), user.DisplayName, subject, messageKey, headers, text, html);

    /// <summary>To an address that may have no account yet (a gift's recipient).</summary>
    public static EmailMessage Build(EmailOptions o, string to, string? name, string subject, string messageKey, IReadOnlyList<EmailHeader> headers, string text, string html) =>
        new()
        {
            From = new EmailAddress(o.FromAddress, o.FromName),
            To = new EmailAddress(to, name ?? ""),
            Subject = subject,
            // The same key on every try, so a receiving server can drop a duplicate after a lost acknowledgement.
            MessageId = $"{messageKey}@{new Uri(o.PublicBaseUrl).Host}",
            Headers = headers,
            TextBody = text,
            HtmlBody = html,
        };

    /// <summary>About her own money or a gift, so not a list she can leave: no unsubscribe headers, but marked as sent by a machine.</summary>
    public static readonly IReadOnlyList<EmailHeader> Transactional = [new EmailHeader("Auto-Submitted", "auto-generated")];

    /// <summary>
    /// An email about her purchase (a refund, a dispute, a monthly payment): her greeting, what the sender
    /// writes, a link to her purchases page and the small print with the support address and the crisis page.
    /// </summary>
    public static EmailMessage Purchase(EmailOptions o, string supportEmail, ApplicationUser user, string subject, string messageKey, Action<EmailBody> write)
    {
        var body = new EmailBody().Paragraph(EmailBody.Hello(user.DisplayName));
        write(body);
        body.Link("Your purchases", o.Link("/purchases"))
            .Footer("You get this email because of a purchase on this site.", [("If you are struggling right now", o.Link("/crisis"), null)], $"Questions: {supportEmail}");
        return Build(o, user, subject, messageKey, Transactional, body.Text, body.Html);
    }
}
