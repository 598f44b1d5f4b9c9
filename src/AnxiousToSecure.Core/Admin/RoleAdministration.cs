using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Admin;

public sealed record PersonLine(string Id, string Email, string? Name, DateTimeOffset JoinedAt, IReadOnlyList<string> Roles);

public sealed record PeoplePage(IReadOnlyList<PersonLine> People, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// Who may write the course (Instructor) and run the business (Admin). Admins give and take these
/// roles with a reason; the last admin cannot take the role from themself, so the site always has one.
/// A signed-in user's cookie picks up the change at its next check (within a minute).
/// </summary>
public sealed class RoleAdministration(AppDbContext db, UserManager<ApplicationUser> users, TimeProvider time)
{
    /// <summary>The roles an admin can give; Student comes with registration.</summary>
    public static readonly IReadOnlyList<string> Assignable = [Roles.Instructor, Roles.Admin];

    public async Task<PeoplePage> SearchAsync(string? search, string? role, int page = 1, int pageSize = 50, CancellationToken ct = default)
    {
        var q = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var like = SqlLike.Contains(search);
            q = q.Where(u => EF.Functions.ILike(u.Email!, like) || EF.Functions.ILike(u.DisplayName!, like));
        }
        if (Roles.All.FirstOrDefault(r => string.Equals(r, role, StringComparison.OrdinalIgnoreCase)) is { } roleName)
        {
            var roleId = db.Roles.Where(r => r.Name == roleName).Select(r => r.Id);
            q = q.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && roleId.Contains(ur.RoleId)));
        }
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 10, 200);
        var total = await q.CountAsync(ct);
        var people = await q.OrderBy(u => u.Email).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(u => new
            {
                u.Id,
                u.Email,
                u.DisplayName,
                u.CreatedAt,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToList(),
            })
            .ToListAsync(ct);
        return new PeoplePage([.. people.Select(p => new PersonLine(p.Id, p.Email ?? "", p.DisplayName, p.CreatedAt, [.. p.Roles.Order()]))], total, page, pageSize);
    }

    /// <summary>Gives (<paramref name="grant"/>) or takes away an assignable role, audited as <c>role.granted</c> / <c>role.removed</c>.</summary>
    public async Task SetRoleAsync(string userId, string role, bool grant, AuditNote note, CancellationToken ct = default)
    {
        if (!Assignable.Contains(role)) throw new AdminActionRefusedException($"'{role}' is not a role an admin gives.");
        var reason = AdminReason.Require(note.Reason);
        var user = await users.FindByIdAsync(userId) ?? throw new AdminActionRefusedException("There is no such account.");

        await db.InTransactionAsync(async ct =>
        {
            // Admin changes take turns, so two admins cannot each remove the other and leave none.
            await AdminSql.LockAdminRoleAsync(db, ct);
            var has = await users.IsInRoleAsync(user, role);
            if (has == grant) throw new AdminActionRefusedException(grant ? $"{user.Email} is already {Article(role)}." : $"{user.Email} is not {Article(role)}.");
            if (!grant && role == Roles.Admin && await LastAdmin.IsLastAdminAsync(users, user))
            {
                throw new AdminActionRefusedException(note.Actor.Id == userId
                    ? "You are the only admin: make someone else an admin before you give the role up."
                    : "This is the only admin: make someone else an admin first.");
            }
            var result = grant ? await users.AddToRoleAsync(user, role) : await users.RemoveFromRoleAsync(user, role);
            if (!result.Succeeded) throw new AdminActionRefusedException(string.Join(" ", result.Errors.Select(e => e.Description)));
            AuditLog.Write(db, time, note.Actor, grant ? AuditActions.Role.Granted : AuditActions.Role.Removed, userId, $"user:{userId}", $"{role}: {reason}");
            await db.SaveChangesAsync(ct);
        }, ct);
    }

    private static string Article(string role) => role == Roles.Admin ? "an admin" : "an instructor";
}
