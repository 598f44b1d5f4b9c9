using System.Net;
using System.Text;
using AnxiousToSecure.Core.Email;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>
/// The gift's emails: the redeem link to the recipient, and the two notes to the buyer (sent, redeemed).
/// Discreet like lesson emails: the neutral sender name, a subject that says nothing about the course or
/// money, plain links from the configured public address, and a message id that is the same on every try.
/// </summary>
public sealed class GiftEmails(IOptions<EmailOptions> options)
{
    public const string RedeemPath = "/redeem/";
    public const string RecipientSubject = "A gift is waiting for you";
    public const string SentSubject = "Your gift was delivered";
    public const string RedeemedSubject = "Your gift was opened";

    public Uri RedeemLink(string token) => options.Value.Link(RedeemPath + token);

    /// <param name="from">How the buyer is named to her: the buyer's display name, else her address.</param>
    public EmailMessage ToRecipient(Gift gift, string from, string courseTitle, string token, string messageKey)
    {
        var link = RedeemLink(token).ToString();
        var text = new StringBuilder()
            .AppendLine("Hello,").AppendLine()
            .AppendLine($"{from} has given you a place in the course “{courseTitle}”.").AppendLine();
        var html = Start().Append("<p>Hello,</p>")
            .Append($"<p>{H(from)} has given you a place in the course “{H(courseTitle)}”.</p>");
        if (gift.Message is { } message)
        {
            text.AppendLine("Their message:").AppendLine().AppendLine(message).AppendLine();
            html.Append("<p>Their message:</p><blockquote style=\"margin-left:1em;padding-left:1em;border-left:3px solid #ccc\">")
                .Append(H(message).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</blockquote>");
        }
        const string how = "To accept it, open this link. It works once, for this email address; you can create your account (or sign in) there. Your course starts the day you accept it, at your own pace.";
        text.AppendLine(how).AppendLine().AppendLine($"  {link}").AppendLine()
            .AppendLine("Not expecting this? You can ignore this email; nothing happens unless you open the link.");
        html.Append($"<p>{H(how)}</p><p><a href=\"{H(link)}\">Accept the gift</a></p>")
            .Append("<p>Not expecting this? You can ignore this email; nothing happens unless you open the link.</p></body></html>");
        return Envelope(gift.RecipientEmail, null, RecipientSubject, messageKey, text, html);
    }

    public EmailMessage ToBuyer(GiftNotice notice, string buyerEmail, string? buyerName, string messageKey)
    {
        var purchases = options.Value.Link("/purchases").ToString();
        var (subject, line) = notice switch
        {
            GiftNotice.Sent => (SentSubject, "The gift you gave was delivered this morning: its recipient has the email with the link to accept it."),
            _ => (RedeemedSubject, "The gift you gave was accepted: its recipient's course has started."),
        };
        var greeting = string.IsNullOrWhiteSpace(buyerName) ? "Hello," : $"Hello {buyerName},";
        var text = new StringBuilder().AppendLine(greeting).AppendLine().AppendLine(line).AppendLine()
            .AppendLine("Your purchases page shows the gift and what you can still do with it:").AppendLine($"  {purchases}");
        var html = Start().Append($"<p>{H(greeting)}</p><p>{H(line)}</p>")
            .Append($"<p>Your <a href=\"{H(purchases)}\">purchases page</a> shows the gift and what you can still do with it.</p></body></html>");
        return Envelope(buyerEmail, buyerName, subject, messageKey, text, html);
    }

    private static StringBuilder Start() =>
        new StringBuilder().Append("<!doctype html><html><body style=\"font-family:Georgia,serif;line-height:1.6;max-width:36em;margin:auto;padding:1em;color:#222\">");

    private EmailMessage Envelope(string to, string? name, string subject, string messageKey, StringBuilder text, StringBuilder html)
    {
        var o = options.Value;
        return new EmailMessage
        {
            From = new EmailAddress(o.FromAddress, o.FromName),
            To = new EmailAddress(to, name ?? ""),
            Subject = subject,
            // The same key on every try, so a receiving server can drop a duplicate after a lost acknowledgement.
            MessageId = $"{messageKey}@{new Uri(o.PublicBaseUrl).Host}",
            Headers = [new EmailHeader("Auto-Submitted", "auto-generated")],
            TextBody = text.ToString(),
            HtmlBody = html.ToString(),
        };
    }

    private static string H(string? s) => WebUtility.HtmlEncode(s ?? "");
}
