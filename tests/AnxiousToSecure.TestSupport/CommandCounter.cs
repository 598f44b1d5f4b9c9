using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AnxiousToSecure.TestSupport;

/// <summary>Counts the SQL commands EF Core sends (queries, saves, raw SQL), so a test can tell whether a request reached the database.</summary>
public sealed class CommandCounter : DbCommandInterceptor
{
    private int count;

    public int Count => Volatile.Read(ref count);

    /// <summary>How many commands <paramref name="action"/> sent (other requests in flight on the same app count too: keep the app to one test class).</summary>
    public async Task<int> CountAsync(Func<Task> action)
    {
        var before = Count;
        await action();
        return Count - before;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Interlocked.Increment(ref count);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref count);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Interlocked.Increment(ref count);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref count);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Interlocked.Increment(ref count);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref count);
        return ValueTask.FromResult(result);
    }
}

/// <summary>The app with a <see cref="CommandCounter"/> on every context it makes.</summary>
public sealed class CommandCountingAppFactory : AppFactory
{
    public CommandCounter Commands { get; } = new();

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
            Microsoft.Extensions.DependencyInjection.EntityFrameworkServiceCollectionExtensions.ConfigureDbContext<Core.Data.AppDbContext>(services, o => o.AddInterceptors(Commands)));
    }
}
