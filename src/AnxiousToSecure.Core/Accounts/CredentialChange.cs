using AnxiousToSecure.Core.Audit;

namespace AnxiousToSecure.Core.Accounts;

/// <summary>A change to how someone signs in. Each one is logged, emailed to her, and audited for staff.</summary>
public enum CredentialChange
{
    PasswordChanged,
    PasswordReset,
    PasswordAdded,
    EmailChanged,
    TwoFactorEnabled,
    TwoFactorDisabled,
    AuthenticatorReset,
    RecoveryCodesGenerated,
    PasskeyAdded,
    PasskeyRemoved,
    SignedOutEverywhere,
}

public static class CredentialChanges
{
    public static string AuditAction(this CredentialChange change) => change switch
    {
        CredentialChange.PasswordChanged => AuditActions.Account.PasswordChanged,
        CredentialChange.PasswordReset => AuditActions.Account.PasswordReset,
        CredentialChange.PasswordAdded => AuditActions.Account.PasswordAdded,
        CredentialChange.EmailChanged => AuditActions.Account.EmailChanged,
        CredentialChange.TwoFactorEnabled => AuditActions.Account.TwoFactorEnabled,
        CredentialChange.TwoFactorDisabled => AuditActions.Account.TwoFactorDisabled,
        CredentialChange.AuthenticatorReset => AuditActions.Account.AuthenticatorReset,
        CredentialChange.RecoveryCodesGenerated => AuditActions.Account.RecoveryCodesGenerated,
        CredentialChange.PasskeyAdded => AuditActions.Account.PasskeyAdded,
        CredentialChange.PasskeyRemoved => AuditActions.Account.PasskeyRemoved,
        CredentialChange.SignedOutEverywhere => AuditActions.Account.SignedOutEverywhere,
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, "No audit action for this change."),
    };

    /// <summary>What the notice email says happened, as a sentence.</summary>
    public static string Sentence(this CredentialChange change) => change switch
    {
        CredentialChange.PasswordChanged => "The password of your account was changed.",
        CredentialChange.PasswordReset => "The password of your account was reset from an emailed link.",
        CredentialChange.PasswordAdded => "A password was added to your account.",
        CredentialChange.EmailChanged => "The email address of your account was changed to another address.",
        CredentialChange.TwoFactorEnabled => "Two-factor sign-in with an authenticator app was turned on for your account.",
        CredentialChange.TwoFactorDisabled => "Two-factor sign-in was turned off for your account.",
        CredentialChange.AuthenticatorReset => "The authenticator app key of your account was reset.",
        CredentialChange.RecoveryCodesGenerated => "New recovery codes were made for your account; the old ones no longer work.",
        CredentialChange.PasskeyAdded => "A passkey was added to your account.",
        CredentialChange.PasskeyRemoved => "A passkey was removed from your account.",
        CredentialChange.SignedOutEverywhere => "Your account was signed out on every device.",
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, "No sentence for this change."),
    };
}
