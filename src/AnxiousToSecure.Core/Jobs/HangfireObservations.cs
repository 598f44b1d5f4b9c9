using System.Globalization;
using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Drip;
using Hangfire;

namespace AnxiousToSecure.Core.Jobs;

/// <summary>
/// The account email queue as Hangfire counts it: enqueued on its queue, plus scheduled (a retry waits
/// there; the sweep is never scheduled, only enqueued). Failed jobs are account emails: the sweep is
/// deleted after its one attempt (<see cref="DripSweepJob"/>), so it never ends in the failed list.
/// </summary>
public sealed class HangfireAccountEmailBacklog(JobStorage storage) : IAccountEmailBacklog
{
    public AccountEmailBacklog Read()
    {
        var monitoring = storage.GetMonitoringApi();
        return new AccountEmailBacklog(monitoring.EnqueuedCount(AccountEmailJob.Queue) + monitoring.ScheduledCount(), monitoring.FailedCount());
    }
}

/// <summary>The last sweep's end in one hash of Hangfire's storage: one small upsert a minute, seen by every instance, no table of ours.</summary>
public sealed class HangfireDripSweepLog(JobStorage storage) : IDripSweepLog
{
    private const string Key = "ats:drip-sweep";
    private const string Field = "finished-at";

    public void Finished(DateTimeOffset at)
    {
        using var connection = storage.GetConnection();
        connection.SetRangeInHash(Key, [new(Field, at.ToString("O", CultureInfo.InvariantCulture))]);
    }

    public DateTimeOffset? LastFinished()
    {
        using var connection = storage.GetConnection();
        return connection.GetAllEntriesFromHash(Key) is { } entries && entries.TryGetValue(Field, out var value)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at
            : null;
    }
}
