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
/// note that her next lesson is waiting. Each enrollment is claimed with <c>FOR UPDATE SKIP LOCKED</c> and its
/// count moves in the same transaction as the send, so any number of sweepers send each note once. A failed
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

    private async Task<Outcome?> NextAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.InTransactionAsync(ct => SettleClaimedAsync(db, ct), ct);
    }

    private async Task<Outcome?> SettleClaimedAsync(AppDbContext db, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var o = options.Value;
        var enrollment = await DripSql.ClaimEnrollmentDueReturnEmailAsync(db, now, now.AddDays(-o.QuietDays), o.MaxPerEnrollment, ct);
        if (enrollment is null) return null;

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
            return Outcome.Skipped;
        }

        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == enrollment.UserId, ct);
        var number = enrollment.ReturnEmailsSent + 1;
        Outcome outcome;
        try
        {
            await transport.SendAsync(composer.ComposeReturn(user, next, $"return-{enrollment.Id:N}-{number}"), ct);
            enrollment.ReturnEmailsSent = number;
            enrollment.LastReturnEmailAt = now;
            enrollment.ReturnEmailAttempts = 0;
            enrollment.ReturnEmailRetryAt = null;
            metrics.Email(EmailKind.Lesson, EmailOutcome.Sent);
            outcome = Outcome.Sent;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var failures = enrollment.ReturnEmailAttempts + 1;
            var final = failures >= drip.Value.MaxAttempts;
            enrollment.ReturnEmailAttempts = final ? 0 : failures;
            enrollment.ReturnEmailRetryAt = now + (final ? TimeSpan.FromDays(o.QuietDays) : DripOptions.Backoff(failures));
            log.LogWarning(ex, "Gentle return email for enrollment {EnrollmentId} failed (attempt {Attempt} of {Max})", enrollment.Id, failures, drip.Value.MaxAttempts);
            metrics.Email(EmailKind.Lesson, final ? EmailOutcome.GaveUp : EmailOutcome.Failed);
            outcome = Outcome.Retrying;
        }
        await db.SaveChangesAsync(ct);
        return outcome;
    }
}
