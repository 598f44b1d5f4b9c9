using System.Text.Json;
using AnxiousToSecure.Core.Accounts;
using Hangfire;
using Hangfire.Common;

namespace AnxiousToSecure.Core.Jobs;

/// <summary>
/// Finds pending jobs by their arguments in Hangfire's monitoring lists (every queue, scheduled, failed),
/// moves each to Deleted so it never runs, and expires it at once so Hangfire's next cleanup erases it
/// instead of keeping it (with its arguments) for the usual day.
/// </summary>
public sealed class HangfirePendingJobs(JobStorage storage, IBackgroundJobClient jobs) : IPendingJobs
{
    private const int PageSize = 500;

    public int RemoveNaming(IReadOnlyCollection<string> names)
    {
        // An argument may hold a name as it is, or inside JSON (a serialized message) where some characters are escaped.
        var needles = names.Where(n => !string.IsNullOrEmpty(n)).SelectMany(n => new[] { n, JsonSerializer.Serialize(n)[1..^1] }).Distinct().ToList();
        if (needles.Count == 0) return 0;
        var monitoring = storage.GetMonitoringApi();
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var queue in monitoring.Queues())
        {
            Collect(found, needles, from => monitoring.EnqueuedJobs(queue.Name, from, PageSize).Select(j => (j.Key, (Job?)j.Value?.Job)));
        }
        Collect(found, needles, from => monitoring.ScheduledJobs(from, PageSize).Select(j => (j.Key, (Job?)j.Value?.Job)));
        Collect(found, needles, from => monitoring.FailedJobs(from, PageSize).Select(j => (j.Key, (Job?)j.Value?.Job)));

        using var connection = storage.GetConnection();
        foreach (var id in found)
        {
            jobs.Delete(id);
            using var transaction = connection.CreateWriteTransaction();
            transaction.ExpireJob(id, TimeSpan.Zero);
            transaction.Commit();
        }
        return found.Count;
    }

    private static void Collect(HashSet<string> found, List<string> needles, Func<int, IEnumerable<(string Id, Job? Job)>> page)
    {
        for (var from = 0; ; from += PageSize)
        {
            var jobs = page(from).ToList();
            foreach (var (id, job) in jobs)
            {
                if (job is not null && Names(job, needles)) found.Add(id);
            }
            if (jobs.Count < PageSize) return;
        }
    }

    private static bool Names(Job job, List<string> needles)
    {
        var text = string.Join('\n', job.Args.Select(a => a switch
        {
            null or CancellationToken => "",
            string s => s,
            _ => JsonSerializer.Serialize(a),
        }));
        return needles.Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase));
    }
}
