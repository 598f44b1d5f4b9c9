using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Email;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Observability;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.Core.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Core.Drip;

public sealed record SweepResult(int Released, int Sent, int Retrying, int Failed, int Withheld)
{
    /// <summary>What two passes did together.</summary>
    public SweepResult Plus(SweepResult other) =>
        new(Released + other.Released, Sent + other.Sent, Retrying + other.Retrying, Failed + other.Failed, Withheld + other.Withheld);
}

/// <summary>
/// The recurring drip job. First it releases lessons whose time has come (writing one
/// <see cref="LessonRelease"/> row each, which is also the outbox entry), then it delivers due
/// email: one message per student, claimed with <c>FOR UPDATE SKIP LOCKED</c> and her enrollment leased
/// (<see cref="LeasedSend"/>) so that any number of sweepers, on any number of instances, never send
/// her two emails at once, and a database outage after the send does not send it again. A sweeper killed
/// mid-send leaves its lease, and the email is sent by the first sweep after the lease ends.
/// </summary>
public sealed class DripSweeper(
    IDbContextFactory<AppDbContext> dbs,
    IEmailTransport transport,
    LessonEmailComposer composer,
    IOptions<DripOptions> options,
    TimeProvider time,
    AppMetrics metrics,
    IDripSweepLog sweeps,
    ILogger<DripSweeper> log)
{
    /// <remarks>Scheduled through <see cref="Jobs.DripSweepJob"/>, which holds its retry policy.</remarks>
    public async Task<SweepResult> ExecuteAsync(CancellationToken ct = default)
    {
        var released = await ReleaseDueAsync(ct);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, options.Value.Parallelism).Select(_ => Task.Run(() => DeliverLoopAsync(ct), ct)));
        var all = outcomes.SelectMany(o => o).ToList();
        var result = new SweepResult(
            released,
            all.Count(o => o == Delivery.Sent),
            all.Count(o => o == Delivery.Retrying),
            all.Count(o => o == Delivery.Failed),
            all.Count(o => o == Delivery.Withheld));
        if (result != new SweepResult(0, 0, 0, 0, 0)) log.LogInformation("Drip sweep: {Result}", result);
        try
        {
            sweeps.Finished(time.GetUtcNow());
        }
        catch (Exception ex)
        {
            // Only the health page's note of the last sweep: the next sweep writes it; the work above is done and kept.
            log.LogWarning(ex, "Could not note the end of the drip sweep");
        }
        return result;
    }

    /// <summary>Writes a release row for every lesson now open to an active, unpaused student.</summary>
    public async Task<int> ReleaseDueAsync(CancellationToken ct = default)
    {
        var released = 0;
        var courses = new Dictionary<int, (Course Course, List<Lesson> Lessons)>();
        while (true)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            var claimed = await db.InTransactionAsync(ct => ReleaseBatchAsync(db, courses, ct), ct);
            if (claimed is not { } count) return released;
            released += count;
        }
    }

    /// <summary>One batch of due enrollments, claimed and settled; null when none is due.</summary>
    private async Task<int?> ReleaseBatchAsync(AppDbContext db, Dictionary<int, (Course Course, List<Lesson> Lessons)> courses, CancellationToken ct)
    {
        var released = 0;
        var now = time.GetUtcNow();
        var batch = await DripSql.ClaimEnrollmentsDueForReleaseAsync(db, now, options.Value.ReleaseBatchSize, ct);
        if (batch.Count == 0) return null;

        var ids = batch.Select(e => e.Id).ToList();
        var userIds = batch.Select(e => e.UserId).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.TimeZone, u.LessonEmails, u.UnlockHour })
            .ToDictionaryAsync(u => u.Id, ct);
        var existing = (await db.LessonReleases.AsNoTracking().Where(r => ids.Contains(r.EnrollmentId))
                .Select(r => new { r.EnrollmentId, r.LessonId }).ToListAsync(ct))
            .ToLookup(r => r.EnrollmentId, r => r.LessonId);

        foreach (var enrollment in batch)
        {
            if (!courses.TryGetValue(enrollment.CourseId, out var course))
            {
                var c = await db.Courses.AsNoTracking().SingleAsync(x => x.Id == enrollment.CourseId, ct);
                var lessons = await db.Lessons.AsNoTracking().Where(l => l.CourseId == c.Id && l.Published).ToListAsync(ct);
                courses[c.Id] = course = (c, lessons);
            }
            if (!enrollment.IsActive || enrollment.PausedAt is not null)
            {
                // Reactivating or resuming sets the check time again.
                enrollment.NextReleaseCheckAt = null;
                continue;
            }

            var user = users[enrollment.UserId];
            var zone = UnlockSchedule.ResolveZone(user.TimeZone, course.Course.DefaultTimeZone);
            var hour = UnlockSchedule.HourFor(user.UnlockHour, course.Course.MorningUnlockHour);
            var already = existing[enrollment.Id].ToHashSet();
            DateTimeOffset? next = null;
            foreach (var lesson in course.Lessons.Where(l => !already.Contains(l.Id)))
            {
                var at = UnlockSchedule.ReleaseAt(enrollment, lesson.ReleaseAfterDays, zone, hour);
                if (at is null) continue;
                if (at > now)
                {
                    if (next is null || at < next) next = at;
                    continue;
                }
                db.LessonReleases.Add(new LessonRelease
                {
                    EnrollmentId = enrollment.Id,
                    LessonId = lesson.Id,
                    ReleasedAt = at.Value,
                    EmailStatus = user.LessonEmails ? DripEmailStatus.Pending : DripEmailStatus.Skipped,
                    NextAttemptAt = user.LessonEmails ? now : null,
                });
                released++;
            }
            enrollment.NextReleaseCheckAt = next;
        }
        await db.SaveChangesAsync(ct);
        return released;
    }

    private enum Delivery
    {
        Sent,
        Retrying,
        Failed,
        Withheld,

        /// <summary>Another sweeper settled or rescheduled her email between our query and our lock.</summary>
        AlreadyDone,
    }

    private async Task<List<Delivery>> DeliverLoopAsync(CancellationToken ct)
    {
        var outcomes = new List<Delivery>();
        while (await DeliverNextAsync(ct) is { } outcome)
        {
            if (outcome != Delivery.AlreadyDone) outcomes.Add(outcome);
        }
        return outcomes;
    }

    /// <summary>An email claimed for sending: her enrollment is leased until <paramref name="LeasedUntil"/>, and its rows settled by their ids once it is sent or has failed.</summary>
    private sealed record Claimed(EmailMessage Message, IReadOnlyList<long> RowIds, Guid EnrollmentId, int Attempt, DateTimeOffset Now, DateTimeOffset LeasedUntil);

    /// <summary>Claims one student with due email: settles her pending rows at once, or leases them and sends, then records the outcome.</summary>
    private async Task<Delivery?> DeliverNextAsync(CancellationToken ct)
    {
        var (settled, claimed, at) = await LeasedSend.ClaimAsync<Delivery, Claimed>(dbs, ClaimAsync, ct);
        return claimed is null ? settled : await SendAsync(claimed, at, ct);
    }

    /// <summary>Under her lock: either an outcome that needs no email (rows settled or moved), or her email to send, with its rows leased.</summary>
    private async Task<(Delivery? Outcome, Claimed? Send)> ClaimAsync(AppDbContext db, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var enrollment = await DripSql.ClaimEnrollmentWithDueEmailAsync(db, now, ct);
        if (enrollment is null) return (null, null);

        var rows = await db.LessonReleases.Include(r => r.Lesson).ThenInclude(l => l!.Module)
            .Where(r => r.EnrollmentId == enrollment.Id && r.EmailStatus == DripEmailStatus.Pending)
            .ToListAsync(ct);
        // Re-read under the lock: another sweeper may have settled or rescheduled her email meanwhile.
        if (!rows.Any(r => r.NextAttemptAt <= now)) return (Delivery.AlreadyDone, null);
        var user = await db.Users.SingleAsync(u => u.Id == enrollment.UserId, ct);
        var course = await db.Courses.AsNoTracking().SingleAsync(c => c.Id == enrollment.CourseId, ct);
        var zone = UnlockSchedule.ResolveZone(user.TimeZone, course.DefaultTimeZone);

        Claimed? send = null;
        if (!enrollment.IsActive)
        {
            Settle(rows, DripEmailStatus.Cancelled, "Enrollment is " + enrollment.Status);
        }
        else if (!user.LessonEmails || enrollment.PausedAt is not null)
        {
            Settle(rows, DripEmailStatus.Skipped, user.LessonEmails ? "Course paused" : "Lesson emails turned off");
        }
        else if (enrollment.LastLessonEmailAt is { } last && UnlockSchedule.LocalDate(last, zone) == UnlockSchedule.LocalDate(now, zone))
        {
            // At most one lesson email a day: the rest wait for tomorrow morning and go together.
            var tomorrow = UnlockSchedule.LocalDate(now, zone).AddDays(1);
            var at = UnlockSchedule.AtLocalTime(tomorrow, new TimeOnly(UnlockSchedule.HourFor(user.UnlockHour, course.MorningUnlockHour), 0), zone);
            foreach (var row in rows) row.NextAttemptAt = at;
        }
        else
        {
            var lessons = rows.Select(r => r.Lesson!).Where(l => l.Published)
                .OrderBy(l => l.Module!.Position).ThenBy(l => l.Position).ToList();
            if (lessons.Count == 0)
            {
                Settle(rows, DripEmailStatus.Skipped, "Lesson no longer published");
            }
            else
            {
                // The release step sets the next check to her next unlock; a time not yet in the future is only a pending re-check.
                var next = enrollment.NextReleaseCheckAt is { } at && at > now ? new NextOpening(at, zone) : null;
                // The same rows make the same Message-ID on every try; a try that carries a lesson more is another message.
                var key = $"lessons-{enrollment.Id:N}-{rows.Min(r => r.Id)}-{rows.Max(r => r.Id)}";
                enrollment.EmailLeasedUntil = LeasedSend.Until(now, options.Value.SendLease);
                send = new Claimed(composer.Compose(user, lessons, key, next), [.. rows.Select(r => r.Id)], enrollment.Id,
                    rows.Max(r => r.Attempts) + 1, now, enrollment.EmailLeasedUntil.Value);
            }
        }
        await db.SaveChangesAsync(ct);
        // Every way but the send withholds the email for now (settled, or moved to a later try).
        return (send is null ? Delivery.Withheld : null, send);
    }

    private async Task<Delivery> SendAsync(Claimed claimed, long at, CancellationToken ct)
    {
        var lease = options.Value.SendLease;
        var failure = await LeasedSend.TrySendAsync(transport, claimed.Message, at, lease, ct);
        var final = failure is not null && claimed.Attempt >= options.Value.MaxAttempts;
        if (failure is not null)
        {
            log.LogWarning(failure, "Lesson email for enrollment {EnrollmentId} failed (attempt {Attempt} of {Max})", claimed.EnrollmentId, claimed.Attempt, options.Value.MaxAttempts);
        }
        metrics.Email(EmailKind.Lesson, failure is null ? EmailOutcome.Sent : final ? EmailOutcome.GaveUp : EmailOutcome.Failed);
        await LeasedSend.RecordAsync(dbs, (db, ct) => RecordAsync(db, claimed, failure, final, ct), at, lease, log, $"lesson email {claimed.Message.MessageId}");
        return failure is null ? Delivery.Sent : final ? Delivery.Failed : Delivery.Retrying;
    }

    /// <summary>
    /// Writes what became of a leased email, under her enrollment's lock, on its rows still pending (a refund or an
    /// unsubscribe made meanwhile is kept), and ends the lease. Safe to run twice.
    /// </summary>
    private async Task RecordAsync(AppDbContext db, Claimed claimed, Exception? failure, bool final, CancellationToken ct)
    {
        var enrollment = await DripSql.LockEnrollmentAsync(db, claimed.EnrollmentId, ct);
        if (enrollment is null) return;
        var rows = db.LessonReleases.Where(r => claimed.RowIds.Contains(r.Id) && r.EmailStatus == DripEmailStatus.Pending);
        if (failure is null)
        {
            await rows.ExecuteUpdateAsync(u => u
                .SetProperty(r => r.EmailStatus, DripEmailStatus.Sent)
                .SetProperty(r => r.Attempts, r => r.Attempts + 1)
                .SetProperty(r => r.SentAt, claimed.Now)
                .SetProperty(r => r.NextAttemptAt, (DateTimeOffset?)null)
                .SetProperty(r => r.LastError, (string?)null), ct);
            enrollment.LastLessonEmailAt = claimed.Now;
        }
        else
        {
            var error = Truncate($"{failure.GetType().Name}: {failure.Message}", 1000);
            await rows.ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Attempts, claimed.Attempt)
                .SetProperty(r => r.LastError, error)
                .SetProperty(r => r.EmailStatus, final ? DripEmailStatus.Failed : DripEmailStatus.Pending)
                .SetProperty(r => r.NextAttemptAt, final ? (DateTimeOffset?)null : claimed.Now + DripOptions.Backoff(claimed.Attempt)), ct);
        }
        if (enrollment.EmailLeasedUntil == claimed.LeasedUntil) enrollment.EmailLeasedUntil = null;
        await db.SaveChangesAsync(ct);
    }

    private static void Settle(List<LessonRelease> rows, DripEmailStatus status, string reason)
    {
        foreach (var row in rows)
        {
            row.EmailStatus = status;
            row.NextAttemptAt = null;
            row.LastError = reason;
        }
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
