using System.Net;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Email;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.Core.Smtp;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Core.Accounts;

/// <summary>Account emails (confirmation, password reset), each with an HTML and a plain-text body.</summary>
/// <remarks>Sent at once; if the mail server is unreachable the message goes to a retried background job instead of being lost.</remarks>
public sealed class IdentityEmailSender(IEmailTransport transport, IEmailOutbox outbox, IOptions<EmailOptions> options, ILogger<IdentityEmailSender> log)
    : IEmailSender<ApplicationUser>
{
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        SendAsync(email, "Confirm your email address",
            "Please confirm your email address to finish setting up your account.", "Confirm my email", confirmationLink);

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        SendAsync(email, "Reset your password",
            "Someone asked to reset the password for this account. If it was you, choose a new one here. If not, you can ignore this email.",
            "Choose a new password", resetLink);

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        SendAsync(email, "Your password reset code", $"Your password reset code is: {resetCode}", null, null);

    private async Task SendAsync(string to, string subject, string text, string? linkText, string? link)
    {
        var message = new EmailMessage
        {
            From = new EmailAddress(options.Value.FromAddress, options.Value.FromName),
            To = new EmailAddress(to),
            Subject = subject,
            TextBody = link is null ? text : $"{text}\n\n{link}\n",
            HtmlBody = link is null
                ? $"<p>{WebUtility.HtmlEncode(text)}</p>"
                : $"<p>{WebUtility.HtmlEncode(text)}</p><p><a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(linkText)}</a></p>",
        };
        try
        {
            await transport.SendAsync(message);
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "Account email '{Subject}' could not be sent now; queued for retry", subject);
            outbox.Enqueue(message);
        }
    }
}
