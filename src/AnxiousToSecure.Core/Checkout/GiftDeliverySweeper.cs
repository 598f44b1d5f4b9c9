using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Email;
using AnxiousToSecure.Core.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Core.Checkout;

public sealed record GiftSweepResult(int Delivered, int Retrying, int Notices);

/// <summary>
/// Delivers gifts on their morning, and the buyer's notes. Each gift is claimed with <c>FOR UPDATE SKIP
/// LOCKED</c> and its state moves in the same transaction as the send, so any number of sweepers (two
/// instances, an overlapping run) deliver each gift once. The redeem token is made at the moment of sending
/// and only its hash is written; a failed send is tried again with the drip's backoff.
/// </summary>
public sealed class GiftDeliverySweeper(
    IDbContextFactory<AppDbContext> dbs,
    IEmailTransport transport,
    GiftEmails emails,
    IOptions<DripOptions> drip,
    TimeProvider time,
    AppMetrics metrics,
    ILogger<GiftDeliverySweeper> log)
{
    public async Task<GiftSweepResult> ExecuteAsync(CancellationToken ct = default)
    {
        int delivered = 0, retrying = 0, notices = 0;
        while (await NextDeliveryAsync(ct) is { } sent)
        {
            if (sent) delivered++;
            else retrying++;
        }
        while (await NextNoticeAsync(ct)) notices++;
        var result = new GiftSweepResult(delivered, retrying, notices);
        if (delivered + retrying + notices > 0) log.LogInformation("Gift sweep: {Result}", result);
        return result;
    }

    /// <summary>True: delivered; false: failed and rescheduled; null: nothing was due.</summary>
    private async Task<bool?> NextDeliveryAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.InTransactionAsync(async ct =>
        {
            var now = time.GetUtcNow();
            var gift = await GiftSql.ClaimDueAsync(db, now, ct);
            if (gift is null) return (bool?)null;
            var course = await db.Courses.AsNoTracking().Where(c => c.Id == gift.CourseId).Select(c => c.Title).SingleAsync(ct);
            var buyer = gift.BuyerId is null ? null
                : await db.Users.AsNoTracking().Where(u => u.Id == gift.BuyerId).Select(u => new { u.DisplayName, u.Email }).SingleOrDefaultAsync(ct);
            var from = !string.IsNullOrWhiteSpace(buyer?.DisplayName) ? buyer.DisplayName! : buyer?.Email ?? "Someone";

            var token = GiftRules.NewToken();
            var number = gift.TimesSent + 1;
            try
            {
                await transport.SendAsync(emails.ToRecipient(gift, from, course, token, $"gift-{gift.Id:N}-{number}"), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                gift.SendAttempts++;
                // After the drip's last attempt it keeps trying once a day: a gift is never dropped.
                gift.SendAt = now + (gift.SendAttempts >= drip.Value.MaxAttempts ? TimeSpan.FromDays(1) : DripOptions.Backoff(gift.SendAttempts));
                gift.UpdatedAt = now;
                log.LogWarning(e, "Gift {GiftId} could not be delivered (attempt {Attempt}); trying again later", gift.Id, gift.SendAttempts);
                metrics.Email(EmailKind.Lesson, EmailOutcome.Failed);
                await db.SaveChangesAsync(ct);
                return false;
            }
            gift.TokenHash = GiftRules.Hash(token);
            gift.Status = GiftStatus.Sent;
            gift.TimesSent = number;
            gift.SentAt = now;
            gift.SendAt = null;
            gift.SendAttempts = 0;
            gift.NoticeDue = number == 1 ? GiftNotice.Sent : gift.NoticeDue;
            gift.UpdatedAt = now;
            AuditLog.Write(db, time, AuditActor.System, AuditActions.Gift.Sent, gift.BuyerId, GiftLedger.Target(gift), number == 1 ? "first email" : $"email {number}");
            metrics.Email(EmailKind.Lesson, EmailOutcome.Sent);
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
    }

    /// <summary>False when no note is waiting, or one failed (it waits for the next sweep).</summary>
    private async Task<bool> NextNoticeAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.InTransactionAsync(async ct =>
        {
            var now = time.GetUtcNow();
            var gift = await GiftSql.ClaimNoticeDueAsync(db, ct);
            if (gift is not { NoticeDue: { } notice }) return false;
            var buyer = await db.Users.AsNoTracking().Where(u => u.Id == gift.BuyerId).Select(u => new { u.DisplayName, u.Email }).SingleOrDefaultAsync(ct);
            if (buyer?.Email is { } email)
            {
                try
                {
                    await transport.SendAsync(emails.ToBuyer(notice, email, buyer.DisplayName, $"gift-{gift.Id:N}-{notice.ToString().ToLowerInvariant()}"), ct);
                    metrics.Email(EmailKind.Lesson, EmailOutcome.Sent);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    log.LogWarning(e, "The buyer's note about gift {GiftId} could not be sent; the next sweep tries again", gift.Id);
                    metrics.Email(EmailKind.Lesson, EmailOutcome.Failed);
                    gift.UpdatedAt = now;
                    await db.SaveChangesAsync(ct);
                    return false;
                }
            }
            gift.NoticeDue = null;
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
    }
}
