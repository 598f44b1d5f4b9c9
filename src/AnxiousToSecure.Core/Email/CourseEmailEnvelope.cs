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
        new()
        {
            From = new EmailAddress(o.FromAddress, o.FromName),
            To = new EmailAddress(user.Email ?? throw new InvalidOperationException($"User {user.Id} has no email address."), user.DisplayName ?? ""),
            Subject = subject,
            // The same key on every try, so a receiving server can drop a duplicate after a lost acknowledgement.
            MessageId = $"{messageKey}@{new Uri(o.PublicBaseUrl).Host}",
            Headers = headers,
            TextBody = text,
            HtmlBody = html,
        };
}
