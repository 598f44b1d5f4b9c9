using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Drip;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Admin;

/// <summary>The system card. Null figures: the database (or the job storage kept in it) could not be read.</summary>
public sealed record SystemFigures(
    bool DatabaseReachable,
    int? LessonEmailsPending,
    int? LessonEmailsFailed,
    long? AccountEmailsPending,
    long? AccountEmailsFailed,
    int? WebhooksFailedLastDay,
    DateTimeOffset? LastSweepAt);

/// <summary>
/// What an operator checks first: is the database there, is email going out, did Stripe's events apply,
/// is the drip sweep running. Read fresh on each visit (a few counts; the admin is one person).
/// </summary>
public sealed class SystemStatus(AppDbContext db, IAccountEmailBacklog accountEmail, IDripSweepLog sweeps, TimeProvider time)
{
    public static readonly TimeSpan WebhookWindow = TimeSpan.FromDays(1);

    public async Task<SystemFigures> GetAsync(CancellationToken ct = default)
    {
        bool reachable;
        try
        {
            reachable = await db.Database.CanConnectAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            reachable = false;
        }
        if (!reachable) return new SystemFigures(false, null, null, null, null, null, null);

        var lesson = await db.LessonReleases
            .Where(r => r.EmailStatus == DripEmailStatus.Pending || r.EmailStatus == DripEmailStatus.Failed)
            .GroupBy(r => r.EmailStatus)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Status, x => x.Count, ct);
        var since = time.GetUtcNow() - WebhookWindow;
        var webhooks = await db.StripeEvents.CountAsync(e => e.State == StripeEventState.Failed && e.ReceivedAt >= since, ct);
        var account = accountEmail.Read();
        return new SystemFigures(true,
            lesson.GetValueOrDefault(DripEmailStatus.Pending), lesson.GetValueOrDefault(DripEmailStatus.Failed),
            account.Pending, account.Failed, webhooks, sweeps.LastFinished());
    }
}
