using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Web.Hosting;

namespace AnxiousToSecure.Web.Components.Account;

internal sealed class IdentityRedirectManager(NavigationManager navigationManager, CookieNames cookies)
{
    /// <summary>The status cookie's name before <see cref="CookieNames"/> applies the environment's rule.</summary>
    public const string StatusCookie = "Identity.StatusMessage";

    private readonly CookieBuilder statusCookie = cookies.Apply(new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    }, StatusCookie);

    public void RedirectTo(string? uri)
    {
        uri ??= "";

        // Prevent open redirects.
        if (!Uri.IsWellFormedUriString(uri, UriKind.Relative)
            || uri.StartsWith("//", StringComparison.Ordinal))
        {
            uri = navigationManager.ToBaseRelativePath(uri);
        }

        navigationManager.NavigateTo(uri);
    }

    /// <summary>After a sign-in: back where she was going, else wherever <see cref="SignInLanding"/> sends her (a student to her dashboard).</summary>
    public void RedirectAfterSignIn(string? returnUrl) =>
        RedirectTo(string.IsNullOrEmpty(returnUrl) ? SignInLanding.Path : returnUrl);

    public void RedirectTo(string uri, Dictionary<string, object?> queryParameters)
    {
        var uriWithoutQuery = navigationManager.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        var newUri = navigationManager.GetUriWithQueryParameters(uriWithoutQuery, queryParameters);
        RedirectTo(newUri);
    }

    public void RedirectToWithStatus(string uri, string message, HttpContext context)
    {
        var cookie = statusCookie;
        context.Response.Cookies.Append(cookie.Name!, message, cookie.Build(context));
        RedirectTo(uri);
    }

    private string CurrentPath => navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path);

    public void RedirectToCurrentPage() => RedirectTo(CurrentPath);

    public void RedirectToCurrentPageWithStatus(string message, HttpContext context)
        => RedirectToWithStatus(CurrentPath, message, context);

    public void RedirectToInvalidUser(UserManager<ApplicationUser> userManager, HttpContext context)
        => RedirectToWithStatus("Account/InvalidUser", $"Error: Unable to load user with ID '{userManager.GetUserId(context.User)}'.", context);
}
