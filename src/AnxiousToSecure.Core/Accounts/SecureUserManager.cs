using AnxiousToSecure.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Core.Accounts;

/// <summary>
/// Identity's user manager, with every successful credential change (password, email, second factor,
/// recovery codes, passkeys) followed by <see cref="CredentialChangeRecorder"/>. Catching them here,
/// rather than on each page, means a new page that changes a credential cannot forget the notice.
/// </summary>
public sealed class SecureUserManager(
    IUserStore<ApplicationUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<ApplicationUser> passwordHasher,
    IEnumerable<IUserValidator<ApplicationUser>> userValidators,
    IEnumerable<IPasswordValidator<ApplicationUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<ApplicationUser>> logger)
    : UserManager<ApplicationUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    private readonly IServiceProvider services = services;

    private Task RecordAsync(ApplicationUser user, CredentialChange change, string? noticeTo = null) =>
        services.GetRequiredService<CredentialChangeRecorder>().RecordAsync(user, change, noticeTo, CancellationToken);

    private async Task<IdentityResult> AfterAsync(Task<IdentityResult> change, ApplicationUser user, CredentialChange kind, string? noticeTo = null)
    {
        var result = await change;
        if (result.Succeeded) await RecordAsync(user, kind, noticeTo);
        return result;
    }

    public override Task<IdentityResult> ChangePasswordAsync(ApplicationUser user, string currentPassword, string newPassword) =>
        AfterAsync(base.ChangePasswordAsync(user, currentPassword, newPassword), user, CredentialChange.PasswordChanged);

    public override Task<IdentityResult> AddPasswordAsync(ApplicationUser user, string password) =>
        AfterAsync(base.AddPasswordAsync(user, password), user, CredentialChange.PasswordAdded);

    public override Task<IdentityResult> ResetPasswordAsync(ApplicationUser user, string token, string newPassword) =>
        AfterAsync(base.ResetPasswordAsync(user, token, newPassword), user, CredentialChange.PasswordReset);

    /// <summary>The notice goes to the address she had: the one a thief would not control.</summary>
    public override async Task<IdentityResult> ChangeEmailAsync(ApplicationUser user, string newEmail, string token)
    {
        var oldEmail = await GetEmailAsync(user);
        return await AfterAsync(base.ChangeEmailAsync(user, newEmail, token), user, CredentialChange.EmailChanged, oldEmail);
    }

    public override async Task<IdentityResult> SetTwoFactorEnabledAsync(ApplicationUser user, bool enabled)
    {
        if (await GetTwoFactorEnabledAsync(user) == enabled) return await base.SetTwoFactorEnabledAsync(user, enabled);
        return await AfterAsync(base.SetTwoFactorEnabledAsync(user, enabled), user, enabled ? CredentialChange.TwoFactorEnabled : CredentialChange.TwoFactorDisabled);
    }

    /// <summary>Making the first key (the set-up page does so on opening) is not a change; replacing one is.</summary>
    public override async Task<IdentityResult> ResetAuthenticatorKeyAsync(ApplicationUser user)
    {
        if (await GetAuthenticatorKeyAsync(user) is null) return await base.ResetAuthenticatorKeyAsync(user);
        return await AfterAsync(base.ResetAuthenticatorKeyAsync(user), user, CredentialChange.AuthenticatorReset);
    }

    public override async Task<IEnumerable<string>?> GenerateNewTwoFactorRecoveryCodesAsync(ApplicationUser user, int number)
    {
        var codes = await base.GenerateNewTwoFactorRecoveryCodesAsync(user, number);
        if (codes is not null) await RecordAsync(user, CredentialChange.RecoveryCodesGenerated);
        return codes;
    }

    /// <summary>A sign-in updates its passkey's counter and a rename its name: only a new credential is a change.</summary>
    public override async Task<IdentityResult> AddOrUpdatePasskeyAsync(ApplicationUser user, UserPasskeyInfo passkey)
    {
        if (await GetPasskeyAsync(user, passkey.CredentialId) is not null) return await base.AddOrUpdatePasskeyAsync(user, passkey);
        return await AfterAsync(base.AddOrUpdatePasskeyAsync(user, passkey), user, CredentialChange.PasskeyAdded);
    }

    public override Task<IdentityResult> RemovePasskeyAsync(ApplicationUser user, byte[] credentialId) =>
        AfterAsync(base.RemovePasskeyAsync(user, credentialId), user, CredentialChange.PasskeyRemoved);
}
