using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Accounts;

/// <summary>
/// Where a sign-in goes when nothing asked to be returned to: a student with an enrollment to her
/// dashboard, staff to their console, everyone else to the course page.
/// </summary>
public sealed class SignInLanding(AppDbContext db)
{
    /// <summary>The page that sends a just-signed-in person on (every sign-in page redirects here when no return address was given).</summary>
    public const string Path = "/start";

    public async Task<string> PathForAsync(string userId, Func<string, bool> isInRole, CancellationToken ct = default)
    {
        if (await db.Enrollments.Hers(userId, db.Courses).AnyAsync(ct)) return "/learn";
        if (isInRole(Roles.Admin)) return "/admin";
        if (isInRole(Roles.Instructor)) return "/author";
        return "/";
    }
}

/// <summary>Return addresses carried through sign-up, the confirmation email and sign-in: a path on this site, never another host.</summary>
public static class ReturnUrls
{
    public const int MaxLength = 512;

    /// <summary>The address when it is a path on this site ("/checkout/begin"), otherwise null.</summary>
    public static string? LocalOrNull(string? url) =>
        url is { Length: > 1 and <= MaxLength } u && u[0] == '/' && u[1] is not '/' and not '\\'
            && !u.Contains('\\') && Uri.IsWellFormedUriString(u, UriKind.Relative)
            ? u
            : null;

    /// <summary>A form's way back written relative to the site ("learn/welcome#reflection"), when it is one; otherwise the fallback.</summary>
    public static string RelativeOr(string? url, string fallback) =>
        url is { Length: > 0 } && !url.StartsWith('/') && !url.Contains("//", StringComparison.Ordinal) && !url.Contains(':')
            && LocalOrNull("/" + url.Split('#')[0]) is not null
            ? url
            : fallback;
}
