using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Web.Components.Account;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AnxiousToSecure.Web.Hosting;

/// <summary>
/// Sessions and credentials: server-side sessions with an absolute lifetime, a second factor for staff,
/// re-authentication before credential changes, and the notice, log line and audit entry after them.
/// </summary>
public static class AppAccountSecurity
{
    /// <remarks>After Identity is added (AppAccounts): it replaces Identity's stamp validator.</remarks>
    public static IServiceCollection AddAccountSecurity(this IServiceCollection services)
    {
        services.AddScoped<AccountSessions>();
        services.AddScoped<CredentialChangeRecorder>();
        services.AddScoped<SessionStampValidator>();
        services.Replace(ServiceDescriptor.Scoped<ISecurityStampValidator, DueStampValidator>());
        services.ConfigureApplicationCookie(SessionCookie.Configure);
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            var refreshing = o.OnRefreshingPrincipal;
            o.OnRefreshingPrincipal = async context =>
            {
                if (refreshing is not null) await refreshing(context);
                await SessionCookie.KeepSessionClaims(context);
            };
        });
        // A passkey stands in for a second factor only if the device checked it is her (PIN or biometrics).
        services.Configure<IdentityPasskeyOptions>(o => o.UserVerificationRequirement = "required");
        return services;
    }
}
