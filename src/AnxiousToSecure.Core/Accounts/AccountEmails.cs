namespace AnxiousToSecure.Core.Accounts;

/// <summary>
/// What the account pages ask for. Every account email goes through the queue, never out of the request:
/// the answer never waits for the mail server, and the requests that name only an address (reset, resend)
/// do the same work whether or not an account has it, so neither the answer nor its timing tells.
/// </summary>
public sealed class AccountEmails(IAccountEmailQueue queue)
{
    /// <param name="returnUrl">Where the confirmed account goes on after signing in (a path on this site, e.g. checkout); anything else is dropped.</param>
    public void ConfirmationFor(string userId, string? returnUrl = null) =>
        queue.Enqueue(new(AccountEmailKind.Confirmation, userId, null, ReturnUrl: ReturnUrls.LocalOrNull(returnUrl)));

    public void ResendConfirmation(string address) => queue.Enqueue(new(AccountEmailKind.ResendConfirmation, null, address.Trim()));

    public void PasswordReset(string address) => queue.Enqueue(new(AccountEmailKind.PasswordReset, null, address.Trim()));

    public void EmailChange(string userId, string newAddress) => queue.Enqueue(new(AccountEmailKind.EmailChange, userId, newAddress.Trim()));

    public void RegistrationAttempt(string userId) => queue.Enqueue(new(AccountEmailKind.RegistrationAttempt, userId, null));

    public void CredentialChanged(string userId, string noticeTo, CredentialChange change, DateTimeOffset at) =>
        queue.Enqueue(new(AccountEmailKind.CredentialChange, userId, noticeTo, change, at));

    /// <summary>To one admin: a student asked for a refund (who and which purchase stay on the dashboard, not in the mail).</summary>
    public void RefundRequested(string adminUserId, DateTimeOffset at) => queue.Enqueue(new(AccountEmailKind.RefundRequested, adminUserId, null, At: at));
}
