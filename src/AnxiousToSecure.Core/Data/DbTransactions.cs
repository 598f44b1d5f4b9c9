using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Data;

/// <summary>
/// The one way to run work in a transaction. Inside a transaction someone else opened (the webhook
/// applying an event through the ledger, an admin action changing an enrollment) the work simply
/// joins it and that owner commits; otherwise a transaction is begun, committed when the work
/// returns and rolled back when it throws. It runs under EF's execution strategy, so a retrying
/// strategy, if one is ever configured, retries the whole unit rather than refusing it.
/// </summary>
public static class DbTransactions
{
    /// <summary>Whether work on <paramref name="db"/> is inside a transaction still to be committed (by this caller's owner).</summary>
    public static bool InTransaction(this DbContext db) => db.Database.CurrentTransaction is not null;

    public static Task InTransactionAsync(this DbContext db, Func<CancellationToken, Task> work, CancellationToken ct = default) =>
        db.InTransactionAsync(async c =>
        {
            await work(c);
            return true;
        }, static _ => true, ct);

    public static Task<T> InTransactionAsync<T>(this DbContext db, Func<CancellationToken, Task<T>> work, CancellationToken ct = default) =>
        db.InTransactionAsync(work, static _ => true, ct);

    /// <param name="commitIf">
    /// For work that reports failure as a result rather than an exception (Identity's
    /// <c>IdentityResult</c>): false rolls back a transaction this call began, or, in a joined one,
    /// everything the work did (to a savepoint taken before it).
    /// </param>
    public static async Task<T> InTransactionAsync<T>(this DbContext db, Func<CancellationToken, Task<T>> work, Func<T, bool> commitIf, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is { } outer)
        {
            // Joined: a refused result must not leave its half-done work for the owner to commit.
            const string savepoint = "before_work";
            await outer.CreateSavepointAsync(savepoint, ct);
            var joined = await work(ct);
            if (!commitIf(joined)) await outer.RollbackToSavepointAsync(savepoint, ct);
            return joined;
        }
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async c =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(c);
            var result = await work(c);
            if (commitIf(result)) await tx.CommitAsync(c);
            return result;
        }, ct);
    }
}
