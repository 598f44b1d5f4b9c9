using System.Security.Claims;
using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Web.Components.Account;

/// <summary>
/// The sign-in cookie as a server-side session: each sign-in opens a row (<see cref="AccountSessions"/>)
/// and records when it began and when she last proved who she is; the cookie is refused after the
/// absolute lifetime (<see cref="SessionRules"/>), and at its next stamp check once its row is gone.
/// </summary>
public static class SessionCookie
{
    public static void Configure(CookieAuthenticationOptions cookie)
    {
        var validate = cookie.Events.OnValidatePrincipal;
        cookie.Events.OnSigningIn = OnSigningInAsync;
        cookie.Events.OnValidatePrincipal = async context =>
        {
            var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            var signedInAt = SessionRules.Parse(context.Properties.GetString(SessionRules.SignedInAtKey));
            if (context.Principal is { } principal && SessionRules.IsExpired(signedInAt, SessionRules.IsStaff(principal), now))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                return;
            }
            await validate(context);
        };
    }

    /// <summary>A new sign-in opens a session; a refresh (same properties) keeps its own.</summary>
    private static async Task OnSigningInAsync(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity) return;
        var services = context.HttpContext.RequestServices;
        var sessionId = context.Properties.GetString(SessionRules.SessionIdKey);
        if (sessionId is null)
        {
            var userId = identity.FindFirst(services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.UserIdClaimType)?.Value;
            if (userId is null) return;
            var now = SessionRules.Format(services.GetRequiredService<TimeProvider>().GetUtcNow());
            sessionId = await services.GetRequiredService<AccountSessions>().OpenAsync(userId, context.HttpContext.RequestAborted);
            context.Properties.SetString(SessionRules.SessionIdKey, sessionId);
            context.Properties.SetString(SessionRules.SignedInAtKey, now);
            context.Properties.SetString(SessionRules.VerifiedAtKey, now);
        }
        if (identity.FindFirst(SessionRules.SessionIdKey) is null) identity.AddClaim(new Claim(SessionRules.SessionIdKey, sessionId));
    }

    /// <summary>The stamp check rebuilds her claims from the database every minute: the session id and how she signed in stay.</summary>
    public static Task KeepSessionClaims(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.NewPrincipal?.Identity is ClaimsIdentity identity && context.CurrentPrincipal is { } current)
        {
            foreach (var type in new[] { SessionRules.SessionIdKey, SessionRules.AuthenticationMethodClaim })
            {
                if (identity.FindFirst(type) is null && current.FindFirst(type) is { } claim) identity.AddClaim(new Claim(type, claim.Value));
            }
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// The stamp validator the cookie handler asks on every request. Identity's builds its whole graph
/// (sign-in manager, user manager and store, a database context lease) on every request only to find,
/// nearly always, that the check is not due; this one asks Identity's rule first (<see cref="IsDue"/>)
/// and builds <see cref="SessionStampValidator"/> only when it is.
/// </summary>
public sealed class DueStampValidator(IOptions<SecurityStampValidatorOptions> options, IServiceProvider services) : ISecurityStampValidator
{
    public Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var now = (options.Value.TimeProvider ?? TimeProvider.System).GetUtcNow();
        return IsDue(context.Properties.IssuedUtc, options.Value.ValidationInterval, now)
            ? services.GetRequiredService<SessionStampValidator>().ValidateAsync(context)
            : Task.CompletedTask;
    }

    /// <summary>As <see cref="SecurityStampValidator{TUser}"/> decides: a cookie without an issue time, or issued more than one interval ago.</summary>
    public static bool IsDue(DateTimeOffset? issuedUtc, TimeSpan interval, DateTimeOffset now) =>
        issuedUtc is not { } issued || now - issued > interval;
}

/// <summary>Identity's minute-by-minute stamp check, which also refuses a session that was signed out.</summary>
public sealed class SessionStampValidator(
    IOptions<SecurityStampValidatorOptions> options, SignInManager<ApplicationUser> signInManager, ILoggerFactory logger, AccountSessions sessions)
    : SecurityStampValidator<ApplicationUser>(options, signInManager, logger)
{
    protected override async Task<ApplicationUser?> VerifySecurityStamp(ClaimsPrincipal? principal)
    {
        var user = await base.VerifySecurityStamp(principal);
        if (user is null || principal?.FindFirst(SessionRules.SessionIdKey)?.Value is not { } sessionId) return null;
        return await sessions.IsOpenAsync(user.Id, sessionId) ? user : null;
    }
}
