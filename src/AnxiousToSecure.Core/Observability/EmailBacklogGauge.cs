using System.Diagnostics.Metrics;
using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Drip;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Observability;

/// <summary>
/// Emails waiting to be sent, for the <c>ats.email.pending</c> gauge. A scrape never waits for the
/// database: it reads the last counts, and if they are older than <see cref="MaxAge"/> starts one
/// refresh in the background (one count query and one look at the job queue, at most every 30 s).
/// </summary>
public sealed class EmailBacklogGauge(IDbContextFactory<AppDbContext> dbs, IAccountEmailBacklog accountEmail)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private static readonly KeyValuePair<string, object?> Lesson = new("kind", AppMetrics.Tag(EmailKind.Lesson));
    private static readonly KeyValuePair<string, object?> Account = new("kind", AppMetrics.Tag(EmailKind.Account));

    private volatile Counts? last;
    private int refreshing;

    public IEnumerable<Measurement<long>> Observe()
    {
        var counts = last;
        if ((counts is null || Environment.TickCount64 - counts.ReadAt > MaxAge.TotalMilliseconds)
            && Interlocked.CompareExchange(ref refreshing, 1, 0) == 0)
        {
            _ = Task.Run(RefreshAsync);
        }
        if (counts is not { } c) return [];
        return [new Measurement<long>(c.Lesson, Lesson), new Measurement<long>(c.Account, Account)];
    }

    /// <summary>Reads the counts now (the gauge does this in the background; tests call it to wait for it).</summary>
    public async Task RefreshAsync()
    {
        try
        {
            await using var db = await dbs.CreateDbContextAsync();
            var lesson = await db.LessonReleases.CountAsync(r => r.EmailStatus == DripEmailStatus.Pending);
            last = new Counts(lesson, accountEmail.Read().Pending, Environment.TickCount64);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The database or the job storage is unreachable: the gauge keeps its last counts, the health check reports the outage.
        }
        finally
        {
            Volatile.Write(ref refreshing, 0);
        }
    }

    private sealed record Counts(long Lesson, long Account, long ReadAt);
}
