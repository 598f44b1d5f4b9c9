namespace AnxiousToSecure.Core.Drip;

/// <summary>When the last drip sweep finished, on any instance (kept where the jobs are kept).</summary>
public interface IDripSweepLog
{
    void Finished(DateTimeOffset at);

    DateTimeOffset? LastFinished();
}
