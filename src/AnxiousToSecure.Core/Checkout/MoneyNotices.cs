using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>What a student is told about her money. The numbers are stored in queued jobs: never renumber.</summary>
public enum MoneyEmailKind
{
    /// <summary>A refund of all or part of a purchase went through (reference: our refund id).</summary>
    RefundMade = 1,

    /// <summary>Her bank opened a dispute about the payment (reference: Stripe's dispute id).</summary>
    DisputeOpened = 2,

    /// <summary>The dispute was closed, either way (reference: Stripe's dispute id).</summary>
    DisputeClosed = 3,
}

/// <summary>Sends a money email in the background, retried until the mail server takes it (the account email queue).</summary>
public interface IMoneyEmailQueue
{
    void Enqueue(MoneyEmailKind kind, string reference);
}

/// <summary>
/// The money emails a transaction calls for, sent once it has committed: a notice is never sent for a change
/// that was rolled back, and the job that sends it always finds the rows it reads. The ledgers add to it while
/// they change a refund, dispute or payment plan (each change happens once, under its row lock, so each notice is
/// added once); whoever owns the transaction sends them after the commit (the webhook inbox, or the ledger itself
/// when it began the transaction).
/// </summary>
public sealed class MoneyNotices(IMoneyEmailQueue queue, IPlanEmailQueue plans)
{
    private readonly List<(MoneyEmailKind Kind, string Reference)> pending = [];
    private readonly List<(PlanEmailKind Kind, Guid Reference)> pendingPlans = [];

    public void Add(MoneyEmailKind kind, string reference)
    {
        // An execution strategy may run a unit of work twice: the same notice is still one notice.
        if (!pending.Contains((kind, reference))) pending.Add((kind, reference));
    }

    public void Add(PlanEmailKind kind, Guid reference)
    {
        if (!pendingPlans.Contains((kind, reference))) pendingPlans.Add((kind, reference));
    }

    /// <summary>
    /// Runs a ledger's work and then sends what it added if the work owned its transaction and committed; if it
    /// failed outside any transaction, nothing it added happened. Inside a caller's transaction the caller sends.
    /// </summary>
    public async Task<T> AfterCommitAsync<T>(DbContext db, Task<T> work)
    {
        T result;
        try
        {
            result = await work;
        }
        catch
        {
            if (!db.InTransaction()) Discard();
            throw;
        }
        SendIfCommitted(db);
        return result;
    }

    /// <summary>Sends what was added, when no transaction is open any more (the caller's work committed); else leaves it to the transaction's owner.</summary>
    public void SendIfCommitted(DbContext db)
    {
        if (!db.InTransaction()) Send();
    }

    /// <summary>The owner of the transaction: it committed.</summary>
    public void Send()
    {
        foreach (var (kind, reference) in pending) queue.Enqueue(kind, reference);
        foreach (var (kind, reference) in pendingPlans) plans.Enqueue(kind, reference);
        Discard();
    }

    /// <summary>The owner of the transaction: it rolled back, so nothing it added happened.</summary>
    public void Discard()
    {
        pending.Clear();
        pendingPlans.Clear();
    }
}
