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
        var client = SecurityLog.ClientTag(http.HttpContext);
        log.LogWarning("Credential change {Change} for user {UserId} from client {ClientTag}", change, user.Id, client);
        if (await StaffRoles.HoldsAsync(db, user.Id, ct))
        {
            // The staff audit trail (in the database, shown to admins) keeps the address itself; the log line does not.
            AuditLog.Write(db, time, new AuditActor(user.Id, user.Email ?? user.Id), change.AuditAction(), user.Id, $"user:{user.Id}", $"from {http.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "unknown"}");
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

/// <summary>
/// How a security log line names the client. Her address is personal data, so it is never written raw: a
/// keyed hash of it (the key made at start and never stored) lets an operator see that the same client
/// came back within this process's life, and no one can turn it back into the address.
/// </summary>
public static class SecurityLog
{
    private static readonly byte[] Key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

    /// <summary>A short tag of the client's address as the app sees it (after forwarded headers, where configured).</summary>
    public static string ClientTag(HttpContext? context) => ClientTag(context?.Connection.RemoteIpAddress);

    public static string ClientTag(System.Net.IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.HMACSHA256.HashData(Key, bytes[..written], hash);
        return "c-" + Convert.ToHexStringLower(hash[..6]);
    }
}
