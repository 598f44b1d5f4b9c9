using System.Net;
using AnxiousToSecure.Core.Email;
using AnxiousToSecure.Core.Settings;

namespace AnxiousToSecure.Core.Accounts;

/// <summary>
/// The notice sent to an account's address after a change to how she signs in, so that a change she
/// did not make does not go unnoticed. It carries no token and no secret, only what changed and when,
/// and a link (from configuration) to reset the password.
/// </summary>
public static class CredentialChangeEmail
{
    public const string Subject = "A change to your account";

    /// <param name="zone">Hers: the time reads as every page shows it (<see cref="TimeDisplay"/>).</param>
    public static EmailMessage Compose(EmailOptions options, string to, CredentialChange change, DateTimeOffset at, TimeZoneInfo zone)
    {
        var when = TimeDisplay.DateTimeWithYear(at, zone);
        var reset = options.Link("/Account/ForgotPassword").AbsoluteUri;
        var said = $"{change.Sentence()} ({when})";
        const string ifYou = "If this was you, there is nothing to do.";
        const string ifNot = "If it was not you, choose a new password now and reply to this email so we can help:";
        return new EmailMessage
        {
            From = new EmailAddress(options.FromAddress, options.FromName),
            To = new EmailAddress(to),
            Subject = Subject,
            TextBody = $"{said}\n\n{ifYou}\n\n{ifNot}\n{reset}\n",
            HtmlBody = $"<p>{WebUtility.HtmlEncode(said)}</p><p>{WebUtility.HtmlEncode(ifYou)}</p>" +
                $"<p>{WebUtility.HtmlEncode(ifNot)} <a href=\"{WebUtility.HtmlEncode(reset)}\">choose a new password</a></p>",
        };
    }
}
