using AnxiousToSecure.Core.Data;
using Microsoft.AspNetCore.Identity;

namespace AnxiousToSecure.Core.Admin;

/// <summary>The site always keeps an admin: the last one can neither give the role up nor delete her account.</summary>
public static class LastAdmin
{
    /// <summary>
    /// Whether <paramref name="user"/> is the only admin. Call inside a transaction after
    /// <see cref="AdminSql.LockAdminRoleAsync"/>, so two admins leaving at once take turns and one stays.
    /// </summary>
    public static async Task<bool> IsLastAdminAsync(UserManager<ApplicationUser> users, ApplicationUser user) =>
        await users.IsInRoleAsync(user, Roles.Admin) && (await users.GetUsersInRoleAsync(Roles.Admin)).Count <= 1;

    public const string CannotDeleteAccount =
        "You are the only admin: make someone else an admin before you delete your account. Nothing was deleted.";
}
