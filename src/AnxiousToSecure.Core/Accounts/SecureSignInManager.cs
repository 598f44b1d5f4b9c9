using System.Security.Claims;
using AnxiousToSecure.Core.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Core.Accounts;

/// <summary>
/// Identity's sign-in manager with what a platform holding private journals needs besides: every failed
/// or locked-out sign-in and second-factor attempt logged at Warning with the user id and address
/// (never the password or code); a passkey sign-in counted as a second factor; staff never skip the
/// second factor on a remembered browser; sign-out ends this session on the server; and the
/// re-authentication that credential changes ask for.
/// </summary>
public sealed class SecureSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation,
    IServiceProvider services,
    TimeProvider time,
    ILogger<SecureSignInManager> log)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private readonly IHttpContextAccessor http = contextAccessor;

    private string Client => SecurityLog.ClientTag(http.HttpContext);

    private AccountSessions Sessions => services.GetRequiredService<AccountSessions>();

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            log.LogWarning("Failed sign-in for an unknown account from client {ClientTag}", Client);
            return SignInResult.Failed;
        }
        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(ApplicationUser user, string password, bool lockoutOnFailure)
    {
        var result = await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
        Report(result, user.Id, "password");
        return result;
    }

    public override async Task<SignInResult> TwoFactorAuthenticatorSignInAsync(string code, bool isPersistent, bool rememberClient)
    {
        var userId = (await GetTwoFactorAuthenticationUserAsync())?.Id;
        var result = await base.TwoFactorAuthenticatorSignInAsync(code, isPersistent, rememberClient);
        Report(result, userId, "authenticator code");
        return result;
    }

    public override async Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode)
    {
        var userId = (await GetTwoFactorAuthenticationUserAsync())?.Id;
        var result = await base.TwoFactorRecoveryCodeSignInAsync(recoveryCode);
        Report(result, userId, "recovery code");
        // A recovery code is spent for good, and using one means the authenticator is gone: worth a look.
        if (result.Succeeded) log.LogWarning("User {UserId} signed in with a recovery code from client {ClientTag}", userId, Client);
        return result;
    }

    /// <summary>
    /// As Identity's own, but the session is marked as having had a second factor: a passkey is a key
    /// she holds, unlocked by her device's PIN or biometrics (user verification is required, see AppAccounts).
    /// </summary>
    public override async Task<SignInResult> PasskeySignInAsync(string credentialJson)
    {
        var assertion = await PerformPasskeyAssertionAsync(credentialJson);
        if (!assertion.Succeeded)
        {
            log.LogWarning("Failed passkey sign-in from client {ClientTag}", Client);
            return SignInResult.Failed;
        }
        var user = assertion.User;
        if (await PreSignInCheck(user) is { } refused)
        {
            Report(refused, user.Id, "passkey");
            return refused;
        }
        if (!(await UserManager.AddOrUpdatePasskeyAsync(user, assertion.Passkey)).Succeeded) return SignInResult.Failed;
        await SignInWithClaimsAsync(user, isPersistent: false, [SecondFactorClaim()]);
        return SignInResult.Success;
    }

    /// <summary>Staff give the second factor at every sign-in: a remembered browser does not stand in for it.</summary>
    public override async Task<bool> IsTwoFactorClientRememberedAsync(ApplicationUser user) =>
        !(await UserManager.GetRolesAsync(user)).Any(Roles.Staff.Contains)
        && await base.IsTwoFactorClientRememberedAsync(user);

    /// <summary>Ends this session on the server too: a copy of the cookie is refused at its next check.</summary>
    public override async Task SignOutAsync()
    {
        var user = Context.User;
        if (user.FindFirstValue(SessionRules.SessionIdKey) is { } sessionId && UserManager.GetUserId(user) is { } userId)
        {
            await Sessions.EndAsync(userId, sessionId);
        }
        await base.SignOutAsync();
    }

    /// <summary>Ends every session of hers, on every device, this one included.</summary>
    public async Task SignOutEverywhereAsync(ApplicationUser user)
    {
        await UserManager.UpdateSecurityStampAsync(user);
        await Sessions.EndAllAsync(user.Id);
        await base.SignOutAsync();
        await services.GetRequiredService<CredentialChangeRecorder>().RecordAsync(user, CredentialChange.SignedOutEverywhere);
    }

    /// <summary>She has just proved a second factor (set up an authenticator or a passkey): this session now counts as having one.</summary>
    public async Task MarkSecondFactorAsync(ApplicationUser user)
    {
        var current = await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        await SignInWithClaimsAsync(user, current.Properties, [SecondFactorClaim()]);
    }

    /// <summary>
    /// A fresh password, or a code from her authenticator when she has one, before a credential change.
    /// Failures count towards lockout like a sign-in. On success the session's verified time moves to now.
    /// </summary>
    public async Task<SignInResult> ReauthenticateAsync(ApplicationUser user, string? password, string? authenticatorCode)
    {
        SignInResult result;
        if (!string.IsNullOrWhiteSpace(authenticatorCode) && await UserManager.GetTwoFactorEnabledAsync(user))
        {
            if (await UserManager.IsLockedOutAsync(user))
            {
                result = SignInResult.LockedOut;
            }
            else if (await UserManager.VerifyTwoFactorTokenAsync(user, Options.Tokens.AuthenticatorTokenProvider, authenticatorCode.Replace(" ", "").Replace("-", "")))
            {
                result = SignInResult.Success;
            }
            else
            {
                await UserManager.AccessFailedAsync(user);
                result = await UserManager.IsLockedOutAsync(user) ? SignInResult.LockedOut : SignInResult.Failed;
            }
            Report(result, user.Id, "re-authentication code");
        }
        else
        {
            result = await CheckPasswordSignInAsync(user, password ?? "", lockoutOnFailure: true);
        }
        if (!result.Succeeded) return result;

        await UserManager.ResetAccessFailedCountAsync(user);
        var current = await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (current.Principal is { } principal && current.Properties is { } properties)
        {
            properties.Items[SessionRules.VerifiedAtKey] = SessionRules.Format(time.GetUtcNow());
            await Context.SignInAsync(IdentityConstants.ApplicationScheme, principal, properties);
        }
        return result;
    }

    private static Claim SecondFactorClaim() => new(SessionRules.AuthenticationMethodClaim, SessionRules.MultiFactor);

    private void Report(SignInResult result, string? userId, string what)
    {
        if (result.Succeeded || result.RequiresTwoFactor) return;
        if (result.IsLockedOut)
        {
            log.LogWarning("Sign-in refused by lockout ({What}) for user {UserId} from client {ClientTag}", what, userId, Client);
        }
        else if (result.IsNotAllowed)
        {
            log.LogWarning("Sign-in not allowed ({What}) for user {UserId} from client {ClientTag}: account not confirmed", what, userId, Client);
        }
        else
        {
            log.LogWarning("Failed sign-in ({What}) for user {UserId} from client {ClientTag}", what, userId, Client);
        }
    }
}
