using System.Diagnostics;
using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AnxiousToSecure.Core.Email;

/// <summary>
/// How a swept email is sent once. The claim, a short transaction, leases her enrollment
/// (<see cref="Learn.Enrollment.EmailLeasedUntil"/>), so no sweeper on any instance takes her while the email is on
/// its way; the send happens outside any transaction and is given half the lease; then the outcome is written in a
/// second transaction, under her enrollment's lock, tried again through a database outage until shortly before the
/// lease ends. An email goes twice (with the same Message-ID, which a receiving server drops) only when its sender
/// dies between the send and the record, the database stays away past the lease, a send cut off at its half of the
/// lease had in fact been taken, or instances' clocks differ by more than the margin: then it is sent again once the
/// lease is over, never lost.
/// </summary>
public static class LeasedSend
{
    /// <summary>Kept back from the lease's end, so the record is written (or given up) before another sweeper may take her.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);

    /// <summary>
    /// When a lease taken at <paramref name="now"/> ends, in whole microseconds as PostgreSQL keeps it, so the sender
    /// can tell its own lease from the stored value when it ends it.
    /// </summary>
    public static DateTimeOffset Until(DateTimeOffset now, TimeSpan lease)
    {
        var until = now + lease;
        return until.AddTicks(-(until.UtcTicks % TimeSpan.TicksPerMicrosecond));
    }

    /// <summary>
    /// Runs <paramref name="claim"/> in a transaction of its own: either what became of a due email that needs no send
    /// (settled or moved on), or the email to send, its lease written. <c>At</c>: when the claim began, on a <see cref="Stopwatch"/>.
    /// </summary>
    public static async Task<(TSettled? Settled, TClaimed? Claimed, long At)> ClaimAsync<TSettled, TClaimed>(
        IDbContextFactory<AppDbContext> dbs, Func<AppDbContext, CancellationToken, Task<(TSettled? Settled, TClaimed? Claimed)>> claim, CancellationToken ct)
        where TSettled : struct
        where TClaimed : class
    {
        // Read before the claim reads its clock, so the sender's deadlines never run past the lease it writes.
        var at = Stopwatch.GetTimestamp();
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (settled, claimed) = await db.InTransactionAsync(c => claim(db, c), ct);
        return (settled, claimed, at);
    }

    /// <summary>
    /// Sends outside any transaction, within half the lease from <paramref name="claimed"/> (a send that takes longer is
    /// given up and counts as failed); null when the server took it, else why not. A shutdown's cancellation is not caught.
    /// </summary>
    public static async Task<Exception?> TrySendAsync(IEmailTransport transport, EmailMessage message, long claimed, TimeSpan lease, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(Remaining(claimed, lease / 2));
        try
        {
            await transport.SendAsync(message, limit.Token);
            return null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new TimeoutException($"The SMTP server had not taken the message within half the send lease ({lease / 2}).");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ex;
        }
    }

    /// <summary>
    /// Runs <paramref name="record"/> in a transaction of its own, again (every second or two) while it fails, until it
    /// succeeds or the lease, less a margin, is over; an attempt still running then is cancelled. Not cancelled by a
    /// shutdown: what was sent is written if the database allows. The record must be safe to run twice: a commit that
    /// succeeded but whose answer was lost is run again.
    /// </summary>
    /// <param name="claimed">When the claim began, on a <see cref="Stopwatch"/>: the deadlines are kept in elapsed time, which a changed clock does not move.</param>
    public static async Task RecordAsync(
        IDbContextFactory<AppDbContext> dbs, Func<AppDbContext, CancellationToken, Task> record,
        long claimed, TimeSpan lease, ILogger log, string what)
    {
        using var limit = new CancellationTokenSource(Remaining(claimed, lease - Margin));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var db = await dbs.CreateDbContextAsync(limit.Token);
                await db.InTransactionAsync(c => record(db, c), limit.Token);
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                var wait = TimeSpan.FromSeconds(Math.Min(attempt, 2));
                if (limit.IsCancellationRequested || Remaining(claimed, lease - Margin) <= wait)
                {
                    log.LogError(ex, "Could not record {What} within its lease; it will be sent again when the lease ends", what);
                    throw;
                }
                log.LogWarning(ex, "Recording {What} failed (attempt {Attempt}); trying again", what, attempt);
                await Task.Delay(wait, CancellationToken.None);
            }
        }
    }

    private static TimeSpan Remaining(long claimed, TimeSpan within)
    {
        var left = within - Stopwatch.GetElapsedTime(claimed);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
