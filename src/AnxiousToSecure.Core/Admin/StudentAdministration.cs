using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Settings;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Admin;

/// <summary>An admin action that cannot be done as asked; the message says why, in words for the admin.</summary>
public sealed class AdminActionRefusedException(string message) : Exception(message);

/// <summary>
/// What an admin can do to one student's enrollment. Every action needs a reason and writes an
/// audit entry in the same transaction as the change (refunds go through <see cref="Billing.RefundProcessor"/>,
/// which audits them itself).
/// </summary>
public sealed class StudentAdministration(
    AppDbContext db, EnrollmentService enrollments, ReminderSettingsService reminders, LessonEmailQueue emails, StudentCourseService courses, TimeProvider time)
{
    /// <summary>A complimentary place for someone without one. An ended enrollment is restored instead, keeping its history.</summary>
    public async Task GrantAsync(string userId, AuditNote note, CancellationToken ct = default)
    {
        var reason = AdminReason.Require(note.Reason);
        if (!await db.Users.AnyAsync(u => u.Id == userId, ct)) throw new AdminActionRefusedException("There is no such account.");
        var course = await courses.GetCourseAsync(ct) ?? throw new AdminActionRefusedException("There is no course yet: import it first.");
        var existing = await db.Enrollments.AsNoTracking().Hers(userId, course.Id).SingleOrDefaultAsync(ct);
        if (existing is not null)
        {
            throw new AdminActionRefusedException(existing.IsActive
                ? "She already has access."
                : $"She has an enrollment that is {existing.Status}: use Restore access, which keeps her start date and progress.");
        }
        await enrollments.GrantAsync(userId, course.Id, audit: note with { Reason = reason }, ct: ct);
    }

    /// <summary>Ends access now: pending lesson email is cancelled with it. Her journal stays hers.</summary>
    public Task RevokeAsync(string userId, AuditNote note, CancellationToken ct = default) =>
        ChangeStatusAsync(userId, note, EnrollmentStatus.Revoked, AuditActions.Enrollment.Revoked,
            e => e.IsActive ? null : $"Her enrollment is already {e.Status}.", ct);

    /// <summary>
    /// Gives access back to a refunded or revoked enrollment, with its original start, so lessons
    /// open where they would have. A disputed one waits for Stripe's decision.
    /// </summary>
    public async Task RestoreAsync(string userId, AuditNote note, CancellationToken ct = default)
    {
        await ChangeStatusAsync(userId, note, EnrollmentStatus.Active, AuditActions.Enrollment.Restored,
            e => e.IsActive ? "She already has access."
                : e.Status == EnrollmentStatus.Disputed ? "Her payment is disputed: access comes back when Stripe closes the dispute in her favour."
                : null, ct);
        enrollments.SweepSoon();
    }

    /// <summary>
    /// Opens every published lesson for her now. They are recorded as released (so they never lock
    /// again) without lesson emails: a flood of "ready" messages would not be gentle.
    /// </summary>
    public async Task<int> UnlockAllAsync(string userId, AuditNote note, CancellationToken ct = default)
    {
        var reason = AdminReason.Require(note.Reason);
        return await db.InTransactionAsync(async ct =>
        {
            var enrollment = await LockEnrollmentAsync(userId, ct);
            if (!enrollment.IsActive) throw new AdminActionRefusedException($"Her enrollment is {enrollment.Status}: restore access first.");
            var now = time.GetUtcNow();
            var opened = await AdminSql.ReleaseAllPublishedLessonsSilentlyAsync(db, enrollment.Id, enrollment.CourseId, now, "Opened by an admin", ct);
            enrollment.NextReleaseCheckAt = now;
            AuditLog.Write(db, time, note.Actor, AuditActions.Enrollment.UnlockedAll, userId, $"enrollment:{enrollment.Id}", $"{opened} lesson(s) opened: {reason}");
            await db.SaveChangesAsync(ct);
            return opened;
        }, ct);
    }

    /// <summary>
    /// A failed lesson email gets a fresh set of tries from the next sweep. With <paramref name="studentId"/>,
    /// only an email of that student (the page the admin is on) can be retried.
    /// </summary>
    public async Task RetryEmailAsync(long releaseId, AuditNote note, string? studentId = null, CancellationToken ct = default)
    {
        var reason = AdminReason.Require(note.Reason);
        var row = await db.LessonReleases.AsNoTracking().Where(r => r.Id == releaseId)
            .Select(r => new { r.EnrollmentId, r.Enrollment!.UserId, r.Lesson!.Slug }).SingleOrDefaultAsync(ct);
        if (row is null || (studentId is not null && row.UserId != studentId)) throw new AdminActionRefusedException("There is no such email.");
        await db.InTransactionAsync(async ct =>
        {
            if (!await emails.RetryAsync(releaseId, ct)) throw new AdminActionRefusedException("That email is not failed any more: nothing to retry.");
            AuditLog.Write(db, time, note.Actor, AuditActions.Email.Retried, row.UserId, $"lesson-email:{releaseId}", $"{row.Slug}: {reason}");
            await db.SaveChangesAsync(ct);
        }, ct);
    }

    /// <summary>Pauses her course as she could herself: nothing new opens and no lesson email goes out until it resumes.</summary>
    public Task PauseAsync(string userId, AuditNote note, CancellationToken ct = default) =>
        PauseOrResumeAsync(userId, note, pause: true, ct);

    public Task ResumeAsync(string userId, AuditNote note, CancellationToken ct = default) =>
        PauseOrResumeAsync(userId, note, pause: false, ct);

    private async Task PauseOrResumeAsync(string userId, AuditNote note, bool pause, CancellationToken ct)
    {
        var reason = AdminReason.Require(note.Reason);
        await db.InTransactionAsync(async ct =>
        {
            var enrollment = await LockEnrollmentAsync(userId, ct);
            if (pause == enrollment.PausedAt.HasValue) throw new AdminActionRefusedException(pause ? "Her course is already paused." : "Her course is not paused.");
            if (pause) await reminders.PauseAsync(userId, ct);
            else await reminders.ResumeAsync(userId, ct);
            AuditLog.Write(db, time, note.Actor, pause ? AuditActions.Enrollment.Paused : AuditActions.Enrollment.Resumed, userId, $"enrollment:{enrollment.Id}", reason);
            await db.SaveChangesAsync(ct);
        }, ct);
        if (!pause) enrollments.SweepSoon();
    }

    private async Task ChangeStatusAsync(string userId, AuditNote note, EnrollmentStatus status, string action, Func<Enrollment, string?> refusal, CancellationToken ct)
    {
        var reason = AdminReason.Require(note.Reason);
        await db.InTransactionAsync(async ct =>
        {
            var enrollment = await LockEnrollmentAsync(userId, ct);
            if (refusal(enrollment) is { } why) throw new AdminActionRefusedException(why);
            var before = enrollment.Status;
            await enrollments.SetStatusAsync(enrollment.Id, status, ct);
            AuditLog.Write(db, time, note.Actor, action, userId, $"enrollment:{enrollment.Id}", $"{before} -> {status}: {reason}");
            await db.SaveChangesAsync(ct);
        }, ct);
    }

    /// <summary>Her enrollment, row-locked for the transaction, so two admins (or an admin and a webhook) take turns.</summary>
    private async Task<Enrollment> LockEnrollmentAsync(string userId, CancellationToken ct)
    {
        var id = await db.Enrollments.Hers(userId, db.Courses).Select(e => (Guid?)e.Id).SingleOrDefaultAsync(ct)
            ?? throw new AdminActionRefusedException("She has no enrollment.");
        return await AdminSql.LockEnrollmentAsync(db, id, ct);
    }
}
