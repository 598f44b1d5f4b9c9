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
/// email: one message per student, claimed with <c>FOR UPDATE SKIP LOCKED</c> so that any number
/// of sweepers, on any number of instances, never send the same email twice. A sweeper killed
/// mid-send rolls back its claim and the email is sent by the next sweep.
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
        sweeps.Finished(time.GetUtcNow());
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

    /// <summary>Claims one student with due email and settles all of her pending rows in one transaction.</summary>
    private async Task<Delivery?> DeliverNextAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.InTransactionAsync(ct => DeliverToClaimedAsync(db, ct), ct);
    }

    private async Task<Delivery?> DeliverToClaimedAsync(AppDbContext db, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var enrollment = await DripSql.ClaimEnrollmentWithDueEmailAsync(db, now, ct);
        if (enrollment is null) return null;

        var rows = await db.LessonReleases.Include(r => r.Lesson).ThenInclude(l => l!.Module)
            .Where(r => r.EnrollmentId == enrollment.Id && r.EmailStatus == DripEmailStatus.Pending)
            .ToListAsync(ct);
        // Re-read under the lock: another sweeper may have settled or rescheduled her email meanwhile.
        if (!rows.Any(r => r.NextAttemptAt <= now)) return Delivery.AlreadyDone;
        var user = await db.Users.SingleAsync(u => u.Id == enrollment.UserId, ct);
        var course = await db.Courses.AsNoTracking().SingleAsync(c => c.Id == enrollment.CourseId, ct);
        var zone = UnlockSchedule.ResolveZone(user.TimeZone, course.DefaultTimeZone);

        Delivery outcome;
        if (!enrollment.IsActive)
        {
            Settle(rows, DripEmailStatus.Cancelled, "Enrollment is " + enrollment.Status);
            outcome = Delivery.Withheld;
        }
        else if (!user.LessonEmails || enrollment.PausedAt is not null)
        {
            Settle(rows, DripEmailStatus.Skipped, user.LessonEmails ? "Course paused" : "Lesson emails turned off");
            outcome = Delivery.Withheld;
        }
        else if (enrollment.LastLessonEmailAt is { } last && UnlockSchedule.LocalDate(last, zone) == UnlockSchedule.LocalDate(now, zone))
        {
            // At most one lesson email a day: the rest wait for tomorrow morning and go together.
            var tomorrow = UnlockSchedule.LocalDate(now, zone).AddDays(1);
            var at = UnlockSchedule.AtLocalTime(tomorrow, new TimeOnly(UnlockSchedule.HourFor(user.UnlockHour, course.MorningUnlockHour), 0), zone);
            foreach (var row in rows) row.NextAttemptAt = at;
            outcome = Delivery.Withheld;
        }
        else
        {
            var lessons = rows.Select(r => r.Lesson!).Where(l => l.Published)
                .OrderBy(l => l.Module!.Position).ThenBy(l => l.Position).ToList();
            if (lessons.Count == 0)
            {
                Settle(rows, DripEmailStatus.Skipped, "Lesson no longer published");
                outcome = Delivery.Withheld;
            }
            else
            {
                // The release step sets the next check to her next unlock; a time not yet in the future is only a pending re-check.
                var next = enrollment.NextReleaseCheckAt is { } at && at > now ? new NextOpening(at, zone) : null;
                outcome = await SendAsync(user, lessons, rows, enrollment, next, now, ct);
            }
        }
        await db.SaveChangesAsync(ct);
        return outcome;
    }

    private async Task<Delivery> SendAsync(ApplicationUser user, List<Lesson> lessons, List<LessonRelease> rows, Enrollment enrollment, NextOpening? next, DateTimeOffset now, CancellationToken ct)
    {
        var key = $"lessons-{enrollment.Id:N}-{rows.Min(r => r.Id)}";
        try
        {
            await transport.SendAsync(composer.Compose(user, lessons, key, next), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var failures = rows.Max(r => r.Attempts) + 1;
            var final = failures >= options.Value.MaxAttempts;
            foreach (var row in rows)
            {
                row.Attempts = failures;
                row.LastError = Truncate($"{ex.GetType().Name}: {ex.Message}", 1000);
                row.EmailStatus = final ? DripEmailStatus.Failed : DripEmailStatus.Pending;
                row.NextAttemptAt = final ? null : now + DripOptions.Backoff(failures);
            }
            log.LogWarning(ex, "Lesson email for enrollment {EnrollmentId} failed (attempt {Attempt} of {Max})", enrollment.Id, failures, options.Value.MaxAttempts);
            metrics.Email(EmailKind.Lesson, final ? EmailOutcome.GaveUp : EmailOutcome.Failed);
            return final ? Delivery.Failed : Delivery.Retrying;
        }
        foreach (var row in rows)
        {
            row.EmailStatus = DripEmailStatus.Sent;
            row.Attempts++;
            row.SentAt = now;
            row.NextAttemptAt = null;
            row.LastError = null;
        }
        enrollment.LastLessonEmailAt = now;
        metrics.Email(EmailKind.Lesson, EmailOutcome.Sent);
        return Delivery.Sent;
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
