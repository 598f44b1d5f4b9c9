using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AnxiousToSecure.Core.Learn;

/// <summary>
/// Sees every statement this instance's contexts send and tells <see cref="HerStateCache"/> when one writes a
/// table that <see cref="LearnSql.ReadHersAsync"/> reads: after it ran, and again when its transaction commits.
/// So on this instance a page read after a write (a refund, a release, a pause, an admin's change) always
/// reads the database, even before the database's own notification is back. The statement that records
/// "where she left off" (<see cref="LearnSql.LeftOffMarker"/>) is left out: its caller updates the entry itself.
/// </summary>
public sealed partial class HerStateWrites(HerStateCache cache) : DbCommandInterceptor, IDbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<DbTransaction, object> Wrote = [];
    private static readonly object Mark = new();

    /// <summary>A write (or a TRUNCATE) naming one of her tables; for users, only the columns she chooses.</summary>
    [GeneratedRegex("""(INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(\s+TABLE)?)\s+"(Enrollments|LessonProgress|LessonReleases|JournalEntries|ToolkitItems|LessonFeedback)"|UPDATE\s+"AspNetUsers"\s+SET\s[^;]*"(TimeZone|UnlockHour)"|DELETE\s+FROM\s+"AspNetUsers"|TRUNCATE""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HerTables();

    /// <summary>True when <paramref name="sql"/> may change what is hers (the left-off statement excepted).</summary>
    public static bool Writes(string sql) => !sql.Contains(LearnSql.LeftOffMarker, StringComparison.Ordinal) && HerTables().IsMatch(sql);

    private static readonly AsyncLocal<string?> Owner = new();

    /// <summary>
    /// Her own write (mark complete, a reflection): within the scope, a statement outside a transaction drops only her
    /// entry instead of every student's, since it can change nothing of anyone else's.
    /// </summary>
    public static OwnWrite For(string userId)
    {
        var before = Owner.Value;
        Owner.Value = userId;
        return new OwnWrite(before);
    }

    public readonly struct OwnWrite(string? before) : IDisposable
    {
        public void Dispose() => Owner.Value = before;
    }

    private void Saw(DbCommand command)
    {
        if (!Writes(command.CommandText)) return;
        if (command.Transaction is { } transaction)
        {
            cache.LocalWrite();
            Wrote.AddOrUpdate(transaction, Mark);
        }
        else if (Owner.Value is { } user)
        {
            cache.Drop(user);
        }
        else
        {
            cache.LocalWrite();
        }
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Saw(command);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saw(command);
        return ValueTask.FromResult(result);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Saw(command);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Saw(command);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Saw(command);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Saw(command);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(transaction);
        return Task.CompletedTask;
    }

    private void Committed(DbTransaction transaction)
    {
        if (Wrote.TryGetValue(transaction, out _)) cache.LocalWrite();
    }
}
