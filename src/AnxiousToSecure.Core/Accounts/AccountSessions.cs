using AnxiousToSecure.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Accounts;

/// <summary>
/// Her open sessions, one row each in Identity's token table (provider <see cref="Provider"/>, name =
/// the session id, value = when it began). Signing out deletes the row, so the old cookie is refused at
/// its next check (within a minute) even if someone kept a copy; "sign out everywhere" deletes them all
/// and moves the security stamp.
/// </summary>
public sealed class AccountSessions(AppDbContext db, TimeProvider time)
{
    public const string Provider = "[Session]";

    /// <summary>Opens a session and returns its id. Rows older than the longest lifetime are dropped on the way.</summary>
    public async Task<string> OpenAsync(string userId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var oldest = SessionRules.Format(now - SessionRules.StudentLifetime);
        // Round-trip UTC strings of one width sort as the times they spell.
        await db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == Provider && string.Compare(t.Value, oldest) < 0)
            .ExecuteDeleteAsync(ct);
        var id = Guid.NewGuid().ToString("N");
        db.UserTokens.Add(new IdentityUserToken<string> { UserId = userId, LoginProvider = Provider, Name = id, Value = SessionRules.Format(now) });
        await db.SaveChangesAsync(ct);
        return id;
    }

    public Task<bool> IsOpenAsync(string userId, string sessionId, CancellationToken ct = default) =>
        db.UserTokens.AnyAsync(t => t.UserId == userId && t.LoginProvider == Provider && t.Name == sessionId, ct);

    public Task EndAsync(string userId, string sessionId, CancellationToken ct = default) =>
        db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == Provider && t.Name == sessionId).ExecuteDeleteAsync(ct);

    public Task EndAllAsync(string userId, CancellationToken ct = default) =>
        db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == Provider).ExecuteDeleteAsync(ct);
}
