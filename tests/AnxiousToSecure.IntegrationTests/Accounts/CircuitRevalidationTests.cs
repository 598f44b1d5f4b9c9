using System.Security.Claims;
using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Admin;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.Web.Components.Account;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Accounts;

/// <summary>An open interactive circuit re-checks its user every minute: a lost role or an ended session ends it.</summary>
[Trait("Category", "Security")]
public sealed class CircuitRevalidationTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>The principal a circuit holds: her claims as signed in, with the session the sign-in opened.</summary>
    private async Task<(ClaimsPrincipal Principal, ApplicationUser User, string SessionId)> CircuitUserAsync(string role)
    {
        var email = await app.CreateUserAsync(role);
        using var scope = app.Services.CreateScope();
        var user = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!;
        var principal = await scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>().CreateUserPrincipalAsync(user);
        var sessionId = await scope.ServiceProvider.GetRequiredService<AccountSessions>().OpenAsync(user.Id);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(SessionRules.SessionIdKey, sessionId));
        return (principal, user, sessionId);
    }

    private async Task<bool> StillValidAsync(ClaimsPrincipal principal)
    {
        using var scope = app.Services.CreateScope();
        var provider = (IdentityRevalidatingAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        return await provider.IsStillValidAsync(principal);
    }

    [Fact]
    public async Task A_circuit_of_an_instructor_whose_role_was_taken_away_is_no_longer_valid()
    {
        var (principal, user, _) = await CircuitUserAsync(Roles.Instructor);
        Assert.True(await StillValidAsync(principal));

        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<RoleAdministration>()
                .SetRoleAsync(user.Id, Roles.Instructor, grant: false, new AuditNote(AuditActor.System, "left the team"));
        }
        Assert.False(await StillValidAsync(principal));
    }

    [Fact]
    public async Task A_circuit_whose_session_was_signed_out_is_no_longer_valid()
    {
        var (principal, user, sessionId) = await CircuitUserAsync(Roles.Admin);
        Assert.True(await StillValidAsync(principal));

        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<AccountSessions>().EndAsync(user.Id, sessionId);
        }
        Assert.False(await StillValidAsync(principal));
    }
}
