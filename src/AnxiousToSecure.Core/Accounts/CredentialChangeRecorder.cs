using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AnxiousToSecure.Core.Accounts;

/// <summary>
/// What follows a change to how someone signs in: a Warning log line with her id and address (never the
/// secret itself), an audit entry when she is staff, and a notice email to her address through the account email queue.
/// </summary>
public sealed class CredentialChangeRecorder(
    AppDbContext db,
    TimeProvider time,
    AccountEmails emails,
    IHttpContextAccessor http,
    ILogger<CredentialChangeRecorder> log)
{
    /// <param name="noticeTo">Where the notice goes; by default her current address (after an email change: the old one).</param>
    public async Task RecordAsync(ApplicationUser user, CredentialChange change, string? noticeTo = null, CancellationToken ct = default)
    {
        var ip = SecurityLog.RemoteIp(http.HttpContext);
        log.LogWarning("Credential change {Change} for user {UserId} from {RemoteIp}", change, user.Id, ip);
        if (await StaffRoles.HoldsAsync(db, user.Id, ct))
        {
            AuditLog.Write(db, time, new AuditActor(user.Id, user.Email ?? user.Id), change.AuditAction(), user.Id, $"user:{user.Id}", $"from {ip}");
            await db.SaveChangesAsync(ct);
        }
        if ((noticeTo ?? user.Email) is not { Length: > 0 } to) return;
        emails.CredentialChanged(user.Id, to, change, time.GetUtcNow());
    }
}

/// <summary>Who is staff, read from the database (not the cookie), for checks that must not wait for the cookie's next refresh.</summary>
public static class StaffRoles
{
    public static Task<bool> HoldsAsync(AppDbContext db, string? userId, CancellationToken ct = default) =>
        userId is null
            ? Task.FromResult(false)
            : db.UserRoles.AnyAsync(ur => ur.UserId == userId && db.Roles.Any(r => r.Id == ur.RoleId && Roles.Staff.Contains(r.Name!)), ct);
}

public static class SecurityLog
{
    /// <summary>The client's address as the app sees it (after forwarded headers, where configured).</summary>
    public static string RemoteIp(HttpContext? context) => context?.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
