using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Catalog;

/// <summary>
/// The raw SQL of the shared content: the change signal. Writers notify inside the transaction of
/// their write, so PostgreSQL delivers it at commit and a rolled-back write signals nothing; every
/// instance listens on the channel and drops its cache.
/// </summary>
public static class CatalogSql
{
    public const string Channel = "ats_content_changed";

    /// <summary>Run on the listener's own connection.</summary>
    public const string Listen = "LISTEN " + Channel;

    /// <summary>Signals that shared content changed (delivered to every listener when the current transaction commits).</summary>
    public static Task<int> NotifyContentChangedAsync(AppDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("SELECT pg_notify({0}, '')", [Channel], ct);
}
