using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Author;

/// <summary>Course settings staff change in the app (the rest comes with the course files): how many lessons a student may open early.</summary>
public sealed class CourseSettings(AppDbContext db, TimeProvider time, CourseContentCache content)
{
    public const int MaxEarlyUnlockLimit = 100;

    public Task<int?> EarlyUnlockLimitAsync(CancellationToken ct = default) =>
        db.Courses.AsNoTracking().TheCourse().Select(c => (int?)c.EarlyUnlockLimit).FirstOrDefaultAsync(ct);

    /// <summary>Sets the limit (0 = the drip as written), audited; the shared course content is rebuilt on every instance.</summary>
    public async Task<bool> SetEarlyUnlockLimitAsync(int limit, AuditActor actor, CancellationToken ct = default)
    {
        if (limit is < 0 or > MaxEarlyUnlockLimit) throw new ArgumentOutOfRangeException(nameof(limit), limit, $"The limit is 0 to {MaxEarlyUnlockLimit}.");
        var course = await db.Courses.TheCourse().FirstOrDefaultAsync(ct);
        if (course is null) return false;
        if (course.EarlyUnlockLimit == limit) return true;
        var before = course.EarlyUnlockLimit;
        course.EarlyUnlockLimit = limit;
        course.UpdatedAt = time.GetUtcNow();
        AuditLog.Write(db, time, actor, AuditActions.Course.EarlyUnlockChanged, null, $"course:{course.Id}", $"{before} → {limit}");
        await ContentWrites.RunAsync(db, content, ct => db.SaveChangesAsync(ct), ct);
        return true;
    }
}
