using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Drip;

/// <summary>
/// The sweeper's claims: rows locked with <c>FOR UPDATE SKIP LOCKED</c>, so any number of sweepers
/// share the work and never take the same student twice. The locks hold until the caller's transaction ends.
/// </summary>
public static class DripSql
{
    /// <summary>Up to <paramref name="batchSize"/> enrollments due a release check, oldest first, that no other sweeper holds.</summary>
    public static Task<List<Enrollment>> ClaimEnrollmentsDueForReleaseAsync(AppDbContext db, DateTimeOffset now, int batchSize, CancellationToken ct) =>
        db.Enrollments.FromSqlInterpolated($"""
            SELECT * FROM "Enrollments"
            WHERE "NextReleaseCheckAt" <= {now}
            ORDER BY "NextReleaseCheckAt"
            LIMIT {batchSize}
            FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);

    /// <summary>One enrollment with a lesson email due, that no other sweeper holds; null when there is none.</summary>
    public static async Task<Enrollment?> ClaimEnrollmentWithDueEmailAsync(AppDbContext db, DateTimeOffset now, CancellationToken ct) =>
        // The status is spelled into the text as the partial index IX_LessonReleases_Pending spells it
        // (through nameof, never typed), so even a cached generic plan can use that index.
        (await db.Enrollments.FromSqlRaw($$"""
            SELECT e.* FROM "Enrollments" e
            WHERE e."Id" IN (SELECT r."EnrollmentId" FROM "LessonReleases" r
                             WHERE r."EmailStatus" = '{{nameof(DripEmailStatus.Pending)}}' AND r."NextAttemptAt" <= {0})
            LIMIT 1
            FOR UPDATE OF e SKIP LOCKED
            """, now).ToListAsync(ct)).FirstOrDefault();
}
