using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Settings;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Learn;

public sealed class EnrollmentService(AppDbContext db, TimeProvider time, IDripSweepTrigger sweeps)
{
    /// <summary>
    /// Enrolls a user by hand (a complimentary place). An existing active enrollment is left as it is;
    /// an inactive one is reactivated with its original start, so the drip does not restart.
    /// <paramref name="audit"/> is written with the change, in the same save.
    /// </summary>
    public async Task<Enrollment> GrantAsync(string userId, int courseId, DateTimeOffset? startedAt = null, AuditNote? audit = null, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var enrollment = await db.Enrollments.Hers(userId, courseId).SingleOrDefaultAsync(ct);
        if (enrollment is null)
        {
            enrollment = new Enrollment
            {
                Id = Guid.CreateVersion7(now),
                UserId = userId,
                CourseId = courseId,
                Source = EnrollmentSource.Grant,
                StartedAt = (startedAt ?? now).ToUniversalTime(),
                CreatedAt = now,
            };
            db.Enrollments.Add(enrollment);
        }
        var activated = enrollment.Status != EnrollmentStatus.Active || enrollment.StatusChangedAt == default;
        if (activated)
        {
            enrollment.Status = EnrollmentStatus.Active;
            enrollment.StatusChangedAt = now;
            enrollment.NextReleaseCheckAt = now;
        }
        if (audit is not null)
        {
            AuditLog.Write(db, time, audit.Actor, AuditActions.Enrollment.Granted, userId, $"enrollment:{enrollment.Id}",
                $"{(activated ? "complimentary access" : "already had access")}: {audit.Reason}");
        }
        await db.SaveChangesAsync(ct);
        if (activated) SweepSoon();
        return enrollment;
    }

    /// <summary>
    /// Changes access. Leaving Active cancels every pending lesson email in the same transaction, so
    /// nobody who has left hears from the course again; returning to Active lets the sweeper look now.
    /// Joins the caller's transaction when there is one.
    /// </summary>
    public async Task SetStatusAsync(Guid enrollmentId, EnrollmentStatus status, CancellationToken ct = default)
    {
        var enrollment = await db.Enrollments.SingleAsync(e => e.Id == enrollmentId, ct);
        if (enrollment.Status == status) return;
        var now = time.GetUtcNow();
        await db.InTransactionAsync(async ct =>
        {
            enrollment.Status = status;
            enrollment.StatusChangedAt = now;
            enrollment.NextReleaseCheckAt = status == EnrollmentStatus.Active ? now : null;
            await db.SaveChangesAsync(ct);
            if (status != EnrollmentStatus.Active)
            {
                await db.LessonReleases.Where(r => r.EnrollmentId == enrollmentId && r.EmailStatus == DripEmailStatus.Pending)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(r => r.EmailStatus, DripEmailStatus.Cancelled)
                        .SetProperty(r => r.NextAttemptAt, (DateTimeOffset?)null)
                        .SetProperty(r => r.LastError, "Enrollment is " + status), ct);
            }
        }, ct);
    }

    /// <summary>A new student's welcome email goes out now rather than at the next scheduled sweep.</summary>
    public void SweepSoon() => sweeps.SweepSoon();
}
