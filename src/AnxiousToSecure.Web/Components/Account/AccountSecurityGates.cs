using AnxiousToSecure.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Identity;

namespace AnxiousToSecure.Web.Components.Account;

/// <summary>
/// Two checks after authorization, each by path, so a new page under these paths is covered without
/// remembering to be: staff pages need a session with a second factor, and the pages that change a
/// credential need a password or code given within <see cref="SessionRules.ReauthenticationWindow"/>.
/// </summary>
public static class AccountSecurityGates
{
    /// <summary>Staff areas: the admin console (with the jobs dashboard) and the course editor.</summary>
    public static readonly IReadOnlyList<PathString> StaffAreas = ["/admin", "/author"];

    /// <summary>Where a credential is changed: email, password, second factor, recovery codes, passkeys.</summary>
    public static readonly IReadOnlyList<PathString> CredentialPages =
    [
        "/Account/Manage/Email",
        "/Account/Manage/ChangePassword",
        "/Account/Manage/SetPassword",
        "/Account/Manage/EnableAuthenticator",
        "/Account/Manage/Disable2fa",
        "/Account/Manage/ResetAuthenticator",
        "/Account/Manage/GenerateRecoveryCodes",
        "/Account/Manage/Passkeys",
        "/Account/Manage/RenamePasskey",
        "/Account/Manage/ExternalLogins",
        "/Account/Manage/LinkExternalLogin",
        "/Account/PasskeyCreationOptions",
    ];

    public const string SecondFactorPage = "/Account/SecondFactorRequired";
    public const string ReauthenticatePage = "/Account/Reauthenticate";

    public static IApplicationBuilder UseAccountSecurityGates(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }
        var path = context.Request.Path;
        var back = UriHelper.BuildRelative(context.Request.PathBase, path, context.Request.QueryString);
        if (StaffAreas.Any(a => path.StartsWithSegments(a, StringComparison.OrdinalIgnoreCase))
            && SessionRules.IsStaff(user) && !SessionRules.HasSecondFactor(user))
        {
            context.Response.Redirect($"{SecondFactorPage}?ReturnUrl={Uri.EscapeDataString(back)}");
            return;
        }
        if (CredentialPages.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            var auth = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
            var verifiedAt = SessionRules.Parse(auth.Properties?.GetString(SessionRules.VerifiedAtKey));
            var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            if (!SessionRules.IsRecentlyVerified(verifiedAt, now))
            {
                if (HttpMethods.IsGet(context.Request.Method))
                {
                    context.Response.Redirect($"{ReauthenticatePage}?ReturnUrl={Uri.EscapeDataString(back)}");
                }
                else
                {
                    // A form posted after the window closed: nothing changes; a GET of the page asks again.
                    context.Response.StatusCode = StatusCodes.Status303SeeOther;
                    context.Response.Headers.Location = $"{ReauthenticatePage}?ReturnUrl={Uri.EscapeDataString(back)}";
                }
                return;
            }
        }
        await next(context);
    });
}
