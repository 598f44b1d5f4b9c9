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
        var body = new EmailBody().Paragraph("Hello,").Paragraph($"{from} has given you a place in the course “{courseTitle}”.");
        if (gift.Message is { } message) body.Quote("Their message:", message);
        body.Paragraph("To accept it, open this link. It works once, for this email address; you can create your account (or sign in) there. Your course starts the day you accept it, at your own pace.")
            .Link("Accept the gift", RedeemLink(token))
            .Paragraph("Not expecting this? You can ignore this email; nothing happens unless you open the link.");
        return CourseEmailEnvelope.Build(options.Value, gift.RecipientEmail, null, RecipientSubject, messageKey, CourseEmailEnvelope.Transactional, body.Text, body.Html);
    }

    public EmailMessage ToBuyer(GiftNotice notice, string buyerEmail, string? buyerName, string messageKey)
    {
        var (subject, line) = notice switch
        {
            GiftNotice.Sent => (SentSubject, "The gift you gave was delivered this morning: its recipient has the email with the link to accept it."),
            _ => (RedeemedSubject, "The gift you gave was accepted: its recipient's course has started."),
        };
        var body = new EmailBody().Paragraph(EmailBody.Hello(buyerName)).Paragraph(line)
            .SentenceWithLink("Your purchases page shows the gift and what you can still do with it:", "Your purchases", options.Value.Link("/purchases"));
        return CourseEmailEnvelope.Build(options.Value, buyerEmail, buyerName, subject, messageKey, CourseEmailEnvelope.Transactional, body.Text, body.Html);
    }
}
