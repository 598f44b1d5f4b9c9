namespace AnxiousToSecure.Core.Accounts;

/// <summary>
/// Background work that has not run yet: queued, scheduled (a retry waiting for its time) or failed and
/// kept for an admin's retry. Account deletion removes the jobs that name her, so no email is sent to a
/// closed account and her address does not wait in the queue.
/// </summary>
public interface IPendingJobs
{
    /// <summary>Removes every pending job whose arguments contain one of <paramref name="names"/> (ignoring case); returns how many.</summary>
    int RemoveNaming(IReadOnlyCollection<string> names);
}
