namespace AnxiousToSecure.Core.Drip;

/// <summary>
/// One drip sweep at a time in this process. A sweep that outlasts its minute (a long backlog of lesson
/// email) would otherwise be joined by the next minute's, and by one per purchase, each holding a worker.
/// A sweep asked for while one runs returns at once and leaves a request: the running one sweeps once
/// more when it is done, so a student enrolled meanwhile is released without waiting for the next minute.
/// Other instances sweep beside it: their claims (<c>FOR UPDATE SKIP LOCKED</c>) never overlap.
/// </summary>
public sealed class DripSweepGate
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private int requested;

    /// <summary>
    /// Runs <paramref name="sweep"/> (again, for every request made meanwhile) unless a sweep is running here,
    /// and gives what all its passes did together; null: left to the running one.
    /// </summary>
    public async Task<SweepResult?> RunAsync(Func<Task<SweepResult>> sweep)
    {
        Interlocked.Exchange(ref requested, 1);
        SweepResult? total = null;
        // A request made just as the running sweep let go of the gate is picked up here, not lost.
        while (Volatile.Read(ref requested) == 1 && gate.Wait(0))
        {
            try
            {
                while (Interlocked.Exchange(ref requested, 0) == 1)
                {
                    var pass = await sweep();
                    total = total is null ? pass : total.Plus(pass);
                }
            }
            finally
            {
                gate.Release();
            }
        }
        return total;
    }
}
