using System.Net;
using System.Text;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Email;
using AnxiousToSecure.Core.Observability;
using AnxiousToSecure.Core.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Core.Accounts;

/// <summary>
/// Sends a queued account email: finds the account, makes its token now, and builds every link from
/// the configured public address (<see cref="EmailOptions.PublicBaseUrl"/>), never from a request.
/// A failure to send throws, so the queue retries it.
/// </summary>
public sealed class AccountEmailDelivery(
    UserManager<ApplicationUser> users, IEmailTransport transport, IOptions<EmailOptions> options, TimeZones zones, AppMetrics metrics, ILogger<AccountEmailDelivery> log)
{
    public async Task SendAsync(AccountEmailRequest request, CancellationToken ct = default)
    {
        var message = await ComposeAsync(request);
        if (message is null)
        {
            // Nothing to send (no such account, already confirmed, address taken): the asker was answered the same anyway.
            log.LogDebug("Account email {Kind} needs no message", request.Kind);
            return;
        }
        try
        {
            await transport.SendAsync(message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            metrics.Email(EmailKind.Account, EmailOutcome.Failed);
            throw;
        }
        metrics.Email(EmailKind.Account, EmailOutcome.Sent);
    }

    /// <summary>The message the request calls for, or null when there is none to send.</summary>
    public async Task<EmailMessage?> ComposeAsync(AccountEmailRequest request)
    {
        switch (request.Kind)
        {
            case AccountEmailKind.Confirmation:
            {
                var user = request.UserId is null ? null : await users.FindByIdAsync(request.UserId);
                return user is null || user.EmailConfirmed ? null : await ConfirmationAsync(user, ReturnUrls.LocalOrNull(request.ReturnUrl));
            }
            case AccountEmailKind.ResendConfirmation:
            {
                var user = request.Address is null ? null : await users.FindByEmailAsync(request.Address);
                return user is null || user.EmailConfirmed ? null : await ConfirmationAsync(user, null);
            }
            case AccountEmailKind.PasswordReset:
            {
                var user = request.Address is null ? null : await users.FindByEmailAsync(request.Address);
                if (user?.Email is null || !user.EmailConfirmed) return null;
                var code = Encode(await users.GeneratePasswordResetTokenAsync(user));
                return Message(user.Email, "Reset your password",
                    "Someone asked to reset the password for this account. If it was you, choose a new one here. If not, you can ignore this email.",
                    ("Choose a new password", Link("Account/ResetPassword", ("code", code))));
            }
            case AccountEmailKind.EmailChange:
            {
                var user = request.UserId is null ? null : await users.FindByIdAsync(request.UserId);
                if (user is null || string.IsNullOrWhiteSpace(request.Address) || await users.FindByEmailAsync(request.Address) is not null) return null;
                var code = Encode(await users.GenerateChangeEmailTokenAsync(user, request.Address));
                return Message(request.Address, "Confirm your new email address",
                    "Someone asked to use this address for their account. If it was you, confirm it here. If not, you can ignore this email.",
                    ("Use this address", Link("Account/ConfirmEmailChange", ("userId", user.Id), ("email", request.Address), ("code", code))));
            }
            case AccountEmailKind.RegistrationAttempt:
            {
                var user = request.UserId is null ? null : await users.FindByIdAsync(request.UserId);
                if (user?.Email is null) return null;
                var text = "Someone tried to create a new account with this email address, but it already has one, so nothing was changed. " +
                    "If it was you, sign in here" + (user.EmailConfirmed ? "" : " once you have confirmed your address") +
                    ". Forgot your password? You can choose a new one from the sign-in page. If it was not you, you can ignore this email.";
                return Message(user.Email, "Someone tried to register with your address", text,
                    ("Sign in", Link("Account/Login")),
                    ("Forgot your password?", Link("Account/ForgotPassword")),
                    user.EmailConfirmed ? null : ("Send the confirmation link again", Link("Account/ResendEmailConfirmation")));
            }
            case AccountEmailKind.CredentialChange:
                return request is { Address.Length: > 0, Change: { } change, At: { } at }
                    ? CredentialChangeEmail.Compose(options.Value, request.Address, change, at, await zones.ForAsync(request.UserId))
                    : null;
            case AccountEmailKind.RefundRequested:
            {
                var admin = request.UserId is null ? null : await users.FindByIdAsync(request.UserId);
                if (admin?.Email is null || !await users.IsInRoleAsync(admin, Roles.Admin)) return null;
                return Message(admin.Email, "A refund request is waiting",
                    "A student asked for a refund from their purchases page. The dashboard lists the request with the student and the payment; the refund is yours to decide there.",
                    ("Open the dashboard", Link("admin") + "#refund-requests"));
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(request), request.Kind, "An account email of an unknown kind.");
        }
    }

    private async Task<EmailMessage> ConfirmationAsync(ApplicationUser user, string? returnUrl)
    {
        var code = Encode(await users.GenerateEmailConfirmationTokenAsync(user));
        (string, string)[] query = returnUrl is null
            ? [("userId", user.Id), ("code", code)]
            : [("userId", user.Id), ("code", code), ("returnUrl", returnUrl)];
        return Message(user.Email!, "Confirm your email address",
            "Please confirm your email address to finish setting up your account.",
            ("Confirm my email", Link("Account/ConfirmEmail", query)));
    }

    private static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    private string Link(string path, params (string Name, string Value)[] query) =>
        options.Value.Link(path + QueryString.Create(query.Select(q => new KeyValuePair<string, string?>(q.Name, q.Value)))).AbsoluteUri;

    private EmailMessage Message(string to, string subject, string text, params (string Text, string Url)?[] links)
    {
        var shown = links.OfType<(string Text, string Url)>().ToList();
        return new EmailMessage
        {
            From = new EmailAddress(options.Value.FromAddress, options.Value.FromName),
            To = new EmailAddress(to),
            Subject = subject,
            TextBody = text + string.Concat(shown.Select(l => $"\n\n{l.Text}: {l.Url}")) + "\n",
            HtmlBody = $"<p>{WebUtility.HtmlEncode(text)}</p>" +
                string.Concat(shown.Select(l => $"<p><a href=\"{WebUtility.HtmlEncode(l.Url)}\">{WebUtility.HtmlEncode(l.Text)}</a></p>")),
        };
    }
}
