using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Smtp;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Settings;

public sealed record ReminderSettings(bool LessonEmails, DripEmailFormat Format, bool HasEnrollment, DateTimeOffset? PausedAt, int PausedDays)
{
    /// <summary>The gentle return note after a quiet spell (it also needs lesson emails on).</summary>
    public bool ReturnEmails { get; init; } = true;

    /// <summary>Her own unlock hour; null: the course's.</summary>
    public int? UnlockHour { get; init; }

    /// <summary>The course's morning hour, her default.</summary>
    public int CourseHour { get; init; } = 8;

    /// <summary>The hour her lessons open now.</summary>
    public int EffectiveHour => UnlockSchedule.HourFor(UnlockHour, CourseHour);
}

public enum UnsubscribeOutcome
{
    Unsubscribed,

    /// <summary>The link was used before (or she unsubscribed since it was sent).</summary>
    AlreadyUsed,

    /// <summary>Not a token we issued: changed, truncated or made up.</summary>
    Invalid,
}

/// <summary>
/// The student's own say over lesson emails and pace: reminders on or off, link or whole lesson,
/// pause and resume. Pausing moves every later unlock by the local days spent paused.
/// </summary>
public sealed class ReminderSettingsService(AppDbContext db, UnsubscribeTokens tokens, TimeProvider time)
{
    public async Task<ReminderSettings> GetAsync(string userId, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, ct);
        var enrollment = await db.Enrollments.AsNoTracking().Hers(userId, db.Courses).SingleOrDefaultAsync(ct);
        var courseHour = await db.Courses.AsNoTracking().TheCourse().Select(c => (int?)c.MorningUnlockHour).FirstOrDefaultAsync(ct) ?? 8;
        return new ReminderSettings(user.LessonEmails, user.LessonEmailFormat, enrollment is not null, enrollment?.PausedAt, enrollment?.PausedDays ?? 0)
        {
            ReturnEmails = user.ReturnEmails,
            UnlockHour = user.UnlockHour,
            CourseHour = courseHour,
        };
    }

    /// <summary>The gentle return note on or off (lesson emails off stops it as well).</summary>
    public Task SetReturnEmailsAsync(string userId, bool on, CancellationToken ct = default) =>
        db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.ReturnEmails, on), ct);

    /// <summary>
    /// Her unlock hour (0-23 in her zone; null: the course's). Future unlocks move to it at once; lessons already
    /// open stay open, whatever the new hour says.
    /// </summary>
    public async Task SetUnlockHourAsync(string userId, int? hour, CancellationToken ct = default)
    {
        if (hour is < 0 or > 23) throw new ArgumentOutOfRangeException(nameof(hour), hour, "An unlock hour is 0 to 23.");
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.UnlockHour, hour), ct);
        await ScheduleChangedAsync(userId, ct);
    }

    public async Task SetEmailsAsync(string userId, bool lessonEmails, DripEmailFormat format, CancellationToken ct = default)
    {
        await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LessonEmails, lessonEmails).SetProperty(u => u.LessonEmailFormat, format), ct);
        if (!lessonEmails) await SkipPendingAsync(userId, "Lesson emails turned off", ct);
    }

    public async Task PauseAsync(string userId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        await db.Enrollments.Where(e => e.UserId == userId && e.PausedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.PausedAt, now).SetProperty(e => e.NextReleaseCheckAt, (DateTimeOffset?)null), ct);
    }

    /// <summary>Ends a pause: the whole local days it lasted are added to the schedule, and the sweeper looks again now.</summary>
    public async Task ResumeAsync(string userId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var rows = await db.Enrollments.Where(e => e.UserId == userId && e.PausedAt != null)
            .Select(e => new { Enrollment = e, e.User!.TimeZone, e.Course!.DefaultTimeZone })
            .ToListAsync(ct);
        foreach (var row in rows)
        {
            var zone = UnlockSchedule.ResolveZone(row.TimeZone, row.DefaultTimeZone);
            row.Enrollment.PausedDays += UnlockSchedule.LocalDaysBetween(row.Enrollment.PausedAt!.Value, now, zone);
            row.Enrollment.PausedAt = null;
            row.Enrollment.ResumedAt = now;
            row.Enrollment.NextReleaseCheckAt = now;
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Her time zone changed: future unlocks move to the new local morning.</summary>
    public Task ScheduleChangedAsync(string userId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        return db.Enrollments.Where(e => e.UserId == userId && e.Status == EnrollmentStatus.Active && e.PausedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.NextReleaseCheckAt, now), ct);
    }

    public string CreateUnsubscribeToken(ApplicationUser user) => tokens.Create(user.Id, user.UnsubscribeStamp);

    public async Task<UnsubscribeOutcome> CheckTokenAsync(string? token, CancellationToken ct = default)
    {
        if (!tokens.TryRead(token, out var userId, out var stamp)) return UnsubscribeOutcome.Invalid;
        var current = await db.Users.Where(u => u.Id == userId).Select(u => (int?)u.UnsubscribeStamp).SingleOrDefaultAsync(ct);
        return current is null ? UnsubscribeOutcome.Invalid : current == stamp ? UnsubscribeOutcome.Unsubscribed : UnsubscribeOutcome.AlreadyUsed;
    }

    /// <summary>
    /// One-click unsubscribe (RFC 8058): no sign-in, the token is the proof. The stamp moves on in
    /// the same statement that checks it, so two clicks racing still count once.
    /// </summary>
    public async Task<UnsubscribeOutcome> UnsubscribeAsync(string? token, CancellationToken ct = default)
    {
        if (!tokens.TryRead(token, out var userId, out var stamp)) return UnsubscribeOutcome.Invalid;
        var changed = await db.Users.Where(u => u.Id == userId && u.UnsubscribeStamp == stamp)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LessonEmails, false).SetProperty(u => u.UnsubscribeStamp, u => u.UnsubscribeStamp + 1), ct);
        if (changed == 0) return await db.Users.AnyAsync(u => u.Id == userId, ct) ? UnsubscribeOutcome.AlreadyUsed : UnsubscribeOutcome.Invalid;
        await SkipPendingAsync(userId, "Unsubscribed", ct);
        return UnsubscribeOutcome.Unsubscribed;
    }

    private Task SkipPendingAsync(string userId, string reason, CancellationToken ct) =>
        db.LessonReleases.Where(r => r.Enrollment!.UserId == userId && r.EmailStatus == DripEmailStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.EmailStatus, DripEmailStatus.Skipped)
                .SetProperty(r => r.NextAttemptAt, (DateTimeOffset?)null)
                .SetProperty(r => r.LastError, reason), ct);
}
