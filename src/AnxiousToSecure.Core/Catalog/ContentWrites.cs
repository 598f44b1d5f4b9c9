using AnxiousToSecure.Core.Data;

namespace AnxiousToSecure.Core.Catalog;

/// <summary>
/// Every write that changes what students share (a lesson, a module, the course, an attachment)
/// runs through here: in a transaction (or the caller's), with the change signal for every instance
/// in that same transaction, then this instance's snapshot is dropped at once.
/// </summary>
public static class ContentWrites
{
    /// <param name="cache">This instance's cache; null where there is none (a command, a template build): the signal still goes out.</param>
    public static async Task<T> RunAsync<T>(AppDbContext db, CourseContentCache? cache, Func<CancellationToken, Task<T>> write, CancellationToken ct = default)
    {
        var result = await db.InTransactionAsync(async ct =>
        {
            var result = await write(ct);
            await CatalogSql.NotifyContentChangedAsync(db, ct);
            return result;
        }, ct);
        cache?.Drop();
        return result;
    }

    public static Task RunAsync(AppDbContext db, CourseContentCache? cache, Func<CancellationToken, Task> write, CancellationToken ct = default) =>
        RunAsync(db, cache, async ct =>
        {
            await write(ct);
            return true;
        }, ct);
}
