using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Completion;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Email;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Core.Drip;

public sealed record ReturnSweepResult(int Sent, int Retrying, int Skipped);

/// <summary>
/// The gentle return: after <see cref="GentleReturnOptions.QuietDays"/> without opening a lesson, one discreet
/// note that her next lesson is waiting. Each enrollment is claimed with <c>FOR UPDATE SKIP LOCKED</c> and leased
/// (<see cref="LeasedSend"/>, the same lease as a lesson email's, so the two never go at once), and its count moves
/// after the send, so any number of sweepers send each note once. A failed
/// send is tried again with the drip's backoff; after the drip's last attempt it waits for another quiet spell.
/// </summary>
public sealed class GentleReturnSweeper(
    IDbContextFactory<AppDbContext> dbs,
    IEmailTransport transport,
    LessonEmailComposer composer,
    CourseContentCache content,
    IOptions<GentleReturnOptions> options,
    IOptions<DripOptions> drip,
    TimeProvider time,
    AppMetrics metrics,
    ILogger<GentleReturnSweeper> log)
{
    private enum Outcome
    {
        Sent,
        Retrying,
        Skipped,
    }

    public async Task<ReturnSweepResult> ExecuteAsync(CancellationToken ct = default)
    {
        var outcomes = new List<Outcome>();
        if (options.Value.MaxPerEnrollment == 0) return new(0, 0, 0);
        while (await NextAsync(ct) is { } outcome) outcomes.Add(outcome);
        var result = new ReturnSweepResult(outcomes.Count(o => o == Outcome.Sent), outcomes.Count(o => o == Outcome.Retrying), outcomes.Count(o => o == Outcome.Skipped));
        if (outcomes.Count > 0) log.LogInformation("Gentle return sweep: {Result}", result);
        return result;
    }

    /// <summary>A note claimed for sending: her enrollment is leased until <paramref name="LeasedUntil"/>, or until its outcome is written.</summary>
    private sealed record Claimed(EmailMessage Message, Guid EnrollmentId, int Number, int Attempt, DateTimeOffset Now, DateTimeOffset LeasedUntil);

    private async Task<Outcome?> NextAsync(CancellationToken ct)
    {
        var (settled, claimed, at) = await LeasedSend.ClaimAsync<Outcome, Claimed>(dbs, ClaimAsync, ct);
        return claimed is null ? settled : await SendAsync(claimed, at, ct);
    }

    private async Task<(Outcome? Outcome, Claimed? Send)> ClaimAsync(AppDbContext db, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var o = options.Value;
        var enrollment = await DripSql.ClaimEnrollmentDueReturnEmailAsync(db, now, now.AddDays(-o.QuietDays), o.MaxPerEnrollment, ct);
        if (enrollment is null) return (null, null);

        var shared = await content.GetAsync(ct);
        var her = shared is null ? HerCourse.Nothing : await LearnSql.ReadHersAsync(db, enrollment.UserId, enrollment.CourseId, null, ct);
        var view = shared is null ? null
            : StudentCourseComposition.Compose(shared, her, UnlockSchedule.ResolveZone(her.TimeZone, shared.Course.DefaultTimeZone), now);
        // Finished (the completion rule decides), or nothing open and unfinished to come back to: nothing to say.
        // Looked at again in a day, not on every sweep.
        if (view is null || view.IsComplete() || view.ContinueLesson is not { } next)
        {
            enrollment.ReturnEmailRetryAt = now.AddDays(1);
            await db.SaveChangesAsync(ct);
            return (Outcome.Skipped, null);
        }

        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == enrollment.UserId, ct);
        var number = enrollment.ReturnEmailsSent + 1;
        // The lease: no sweeper takes her again until the outcome is written or the lease ends.
        enrollment.EmailLeasedUntil = LeasedSend.Until(now, drip.Value.SendLease);
        await db.SaveChangesAsync(ct);
        return (null, new Claimed(composer.ComposeReturn(user, next, $"return-{enrollment.Id:N}-{number}"), enrollment.Id, number,
            enrollment.ReturnEmailAttempts + 1, now, enrollment.EmailLeasedUntil.Value));
    }

    private async Task<Outcome> SendAsync(Claimed claimed, long at, CancellationToken ct)
    {
        var lease = drip.Value.SendLease;
        var failure = await LeasedSend.TrySendAsync(transport, claimed.Message, at, lease, ct);
        var final = failure is not null && claimed.Attempt >= drip.Value.MaxAttempts;
        if (failure is not null)
        {
            log.LogWarning(failure, "Gentle return email for enrollment {EnrollmentId} failed (attempt {Attempt} of {Max})", claimed.EnrollmentId, claimed.Attempt, drip.Value.MaxAttempts);
        }
        metrics.Email(EmailKind.Lesson, failure is null ? EmailOutcome.Sent : final ? EmailOutcome.GaveUp : EmailOutcome.Failed);
        await LeasedSend.RecordAsync(dbs, (db, ct) => RecordAsync(db, claimed, failure, final, ct), at, lease, log, $"gentle return email {claimed.Message.MessageId}");
        return failure is null ? Outcome.Sent : Outcome.Retrying;
    }

    /// <summary>Writes what became of the note under her enrollment's lock and ends the lease, unless she is gone or it is already written (a commit whose answer was lost). Safe to run twice.</summary>
    private async Task RecordAsync(AppDbContext db, Claimed claimed, Exception? failure, bool final, CancellationToken ct)
    {
        var enrollment = await DripSql.LockEnrollmentAsync(db, claimed.EnrollmentId, ct);
        if (enrollment is null || enrollment.ReturnEmailsSent >= claimed.Number) return;
        if (failure is null)
        {
            enrollment.ReturnEmailsSent = claimed.Number;
            enrollment.LastReturnEmailAt = claimed.Now;
            enrollment.ReturnEmailAttempts = 0;
            enrollment.ReturnEmailRetryAt = null;
        }
        else
        {
            enrollment.ReturnEmailAttempts = final ? 0 : claimed.Attempt;
            enrollment.ReturnEmailRetryAt = claimed.Now + (final ? TimeSpan.FromDays(options.Value.QuietDays) : DripOptions.Backoff(claimed.Attempt));
        }
        if (enrollment.EmailLeasedUntil == claimed.LeasedUntil) enrollment.EmailLeasedUntil = null;
        await db.SaveChangesAsync(ct);
    }
}
