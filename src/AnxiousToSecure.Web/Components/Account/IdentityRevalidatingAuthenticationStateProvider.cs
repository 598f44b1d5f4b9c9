using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using AnxiousToSecure.Core.Data;

namespace AnxiousToSecure.Web.Components.Account;

// This is a server-side AuthenticationStateProvider that revalidates the connected user every minute while an
// interactive circuit is open: the security stamp, the session (signed out?) and the staff roles (taken away?),
// so an open lesson editor loses staff rights as soon as the cookie would.
public sealed class IdentityRevalidatingAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        IServiceScopeFactory scopeFactory,
        IOptions<IdentityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        IsStillValidAsync(authenticationState.User, cancellationToken);

    /// <summary>Whether a circuit's user is still who she was: same stamp, session still open, no staff role she has lost.</summary>
    public async Task<bool> IsStillValidAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        // Get the user manager from a new scope to ensure it fetches fresh data
        await using var scope = scopeFactory.CreateAsyncScope();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await ValidatedUserAsync(userManager, principal) is not { } user) return false;
        if (principal.FindFirstValue(AnxiousToSecure.Core.Accounts.SessionRules.SessionIdKey) is not { } sessionId
            || !await scope.ServiceProvider.GetRequiredService<AnxiousToSecure.Core.Accounts.AccountSessions>().IsOpenAsync(user.Id, sessionId, cancellationToken))
        {
            return false;
        }
        var roles = await userManager.GetRolesAsync(user);
        return Roles.Staff.Where(principal.IsInRole).All(roles.Contains);
    }

    /// <summary>The principal's user, or null when she is gone or her security stamp has changed.</summary>
    private async Task<ApplicationUser?> ValidatedUserAsync(UserManager<ApplicationUser> userManager, ClaimsPrincipal principal)
    {
        var user = await userManager.GetUserAsync(principal);
        if (user is null || !userManager.SupportsUserSecurityStamp) return user;
        var principalStamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return principalStamp == await userManager.GetSecurityStampAsync(user) ? user : null;
    }
}
