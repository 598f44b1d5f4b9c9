using Npgsql;

namespace AnxiousToSecure.Core.Data;

/// <summary>PostgreSQL's "disk full" (SQLSTATE 53100): the write was refused whole and rolled back, so the caller can say so plainly.</summary>
public static class StorageFull
{
    /// <remarks>
    /// Looks through the chain: EF wraps the server's error in a DbUpdateException, and Npgsql's execution
    /// strategy wraps that (53xxx counts as transient) in an InvalidOperationException.
    /// </remarks>
    public static bool Is(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is PostgresException { SqlState: PostgresErrorCodes.DiskFull }) return true;
        }
        return false;
    }
}
