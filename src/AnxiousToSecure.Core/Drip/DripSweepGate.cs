namespace AnxiousToSecure.Core.Drip;

/// <summary>
/// One drip sweep at a time in this process. A sweep that outlasts its minute (a long backlog of lesson
/// email) would otherwise be joined by the next minute's, and by one per purchase, each holding a worker;
/// a sweep that finds the gate closed returns at once, since the one running sends everything due anyway.
/// Other instances sweep beside it: their claims (<c>FOR UPDATE SKIP LOCKED</c>) never overlap.
/// </summary>
public sealed class DripSweepGate
{
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>True when no sweep is running here; the caller must then call <see cref="Exit"/>.</summary>
    public bool TryEnter() => gate.Wait(0);

    public void Exit() => gate.Release();
}
