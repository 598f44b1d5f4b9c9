namespace AnxiousToSecure.Core.Accounts;

/// <summary>What an account email is about. The numbers are stored in queued jobs: never renumber.</summary>
public enum AccountEmailKind
{
    /// <summary>A confirmation link to the account's own address (after registering, or asked for on the account page).</summary>
    Confirmation = 1,

    /// <summary>Asked for by address on the resend page: a confirmation link if an unconfirmed account has it, else nothing.</summary>
    ResendConfirmation = 2,

    /// <summary>Asked for by address: a reset link if a confirmed account has it, else nothing.</summary>
    PasswordReset = 3,

    /// <summary>A link to the new address that confirms the change, unless another account already has it.</summary>
    EmailChange = 4,

    /// <summary>To the owner: someone tried to register with her address, which already has an account.</summary>
    RegistrationAttempt = 5,

    /// <summary>To the account's address (after an email change: the old one): how she signs in changed.</summary>
    CredentialChange = 6,

    /// <summary>To an admin (still one when it is sent): a student asked for a refund; the dashboard says who.</summary>
    RefundRequested = 7,
}

/// <summary>
/// An account email as it waits in the queue: who and what, never a token or a link. The token is made
/// when the email is sent, so a queued job (or a copy of the job tables) holds nothing that opens an account.
/// </summary>
/// <param name="UserId">The account, for the kinds that know it.</param>
/// <param name="Address">The typed address (resend, reset), the new address (email change) or where a credential-change notice goes.</param>
/// <param name="Change">For a credential-change notice: what changed.</param>
/// <param name="At">For a credential-change notice: when.</param>
/// <param name="ReturnUrl">For a confirmation: the path on this site she goes on to once signed in (checkout, when she came from "Enroll").</param>
public sealed record AccountEmailRequest(
    AccountEmailKind Kind, string? UserId, string? Address, CredentialChange? Change = null, DateTimeOffset? At = null, string? ReturnUrl = null);

/// <summary>Sends an account email later, in the background, retrying until the mail server takes it.</summary>
public interface IAccountEmailQueue
{
    void Enqueue(AccountEmailRequest request);
}
