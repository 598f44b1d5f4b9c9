using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AnxiousToSecure.TestSupport;

/// <summary>
/// Counts the SQL statements the app sends through its contexts (every statement of a batch, and a
/// transaction's BEGIN and COMMIT), so a test can hold a page to its statement budget.
/// </summary>
public sealed class SqlStatements : DbCommandInterceptor, IDbTransactionInterceptor
{
    private long count;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> log = new();

    public long Count => Interlocked.Read(ref count);

    /// <summary>The statements sent while <paramref name="action"/> ran, with their text for the assertion message.</summary>
    public async Task<(long Count, string Texts)> DuringAsync(Func<Task> action)
    {
        log.Clear();
        var before = Count;
        await action();
        return (Count - before, string.Join("\n---\n", log));
    }

    private void Saw(DbCommand command)
    {
        var statements = command.CommandText.Split(';').Count(s => !string.IsNullOrWhiteSpace(s));
        Interlocked.Add(ref count, Math.Max(1, statements));
        log.Enqueue(command.CommandText);
    }

    private void Saw(string statement)
    {
        Interlocked.Increment(ref count);
        log.Enqueue(statement);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Saw(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Saw(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Saw(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Saw(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Saw(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Saw(command);
        return ValueTask.FromResult(result);
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Saw("BEGIN");
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        Saw("BEGIN");
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Saw("COMMIT");

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Saw("COMMIT");
        return Task.CompletedTask;
    }
}
