using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Enrollments;

public sealed class EnrollmentService(AppDbContext db, TimeProvider time)
{
    /// <summary>
    /// Enrolls a user by hand (a complimentary place). An existing active enrollment is left as it is;
    /// an inactive one is reactivated with its original start, so the drip does not restart.
    /// </summary>
    public async Task<Enrollment> GrantAsync(string userId, int courseId, DateTimeOffset? startedAt = null, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var enrollment = await db.Enrollments.SingleOrDefaultAsync(e => e.UserId == userId && e.CourseId == courseId, ct);
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
        if (enrollment.Status != EnrollmentStatus.Active || enrollment.StatusChangedAt == default)
        {
            enrollment.Status = EnrollmentStatus.Active;
            enrollment.StatusChangedAt = now;
        }
        await db.SaveChangesAsync(ct);
        return enrollment;
    }

    public async Task SetStatusAsync(Guid enrollmentId, EnrollmentStatus status, CancellationToken ct = default)
    {
        var enrollment = await db.Enrollments.SingleAsync(e => e.Id == enrollmentId, ct);
        if (enrollment.Status == status) return;
        enrollment.Status = status;
        enrollment.StatusChangedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }
}
