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

    /// <summary>
    /// One enrollment due a gentle return email, that no other sweeper holds; null when there is none. Due: an active,
    /// unpaused course, fewer than <paramref name="max"/> sent, lesson and return emails both on, no try waiting for later,
    /// quiet since <paramref name="quietSince"/> (her last lesson opened, else the start; a resume or the last note, if later),
    /// and no lesson email in the last day (at most one email a day). Completion is decided by the caller, under the lock.
    /// </summary>
    public static async Task<Enrollment?> ClaimEnrollmentDueReturnEmailAsync(
        AppDbContext db, DateTimeOffset now, DateTimeOffset quietSince, int max, CancellationToken ct) =>
        (await db.Enrollments.FromSqlRaw($$"""
            SELECT e.* FROM "Enrollments" e
            JOIN "AspNetUsers" u ON u."Id" = e."UserId"
            WHERE e."Status" = '{{nameof(EnrollmentStatus.Active)}}' AND e."PausedAt" IS NULL
              AND e."ReturnEmailsSent" < {2}
              AND u."LessonEmails" AND u."ReturnEmails"
              AND (e."ReturnEmailRetryAt" IS NULL OR e."ReturnEmailRetryAt" <= {0})
              AND (e."LastLessonEmailAt" IS NULL OR e."LastLessonEmailAt" <= {0} - interval '1 day')
              AND (e."EmailLeasedUntil" IS NULL OR e."EmailLeasedUntil" <= {0})
              AND GREATEST(e."StartedAt", e."ResumedAt", e."LastReturnEmailAt",
                           (SELECT max(p."LastViewedAt") FROM "LessonProgress" p WHERE p."EnrollmentId" = e."Id")) <= {1}
            ORDER BY e."StartedAt"
            LIMIT 1
            FOR UPDATE OF e SKIP LOCKED
            """, now, quietSince, max).ToListAsync(ct)).FirstOrDefault();

    /// <summary>One enrollment with a lesson email due, that no other sweeper holds or has leased; null when there is none.</summary>
    public static async Task<Enrollment?> ClaimEnrollmentWithDueEmailAsync(AppDbContext db, DateTimeOffset now, CancellationToken ct) =>
        // The status is spelled into the text as the partial index IX_LessonReleases_Pending spells it
        // (through nameof, never typed), so even a cached generic plan can use that index.
        (await db.Enrollments.FromSqlRaw($$"""
            SELECT e.* FROM "Enrollments" e
            WHERE e."Id" IN (SELECT r."EnrollmentId" FROM "LessonReleases" r
                             WHERE r."EmailStatus" = '{{nameof(DripEmailStatus.Pending)}}' AND r."NextAttemptAt" <= {0})
              AND (e."EmailLeasedUntil" IS NULL OR e."EmailLeasedUntil" <= {0})
            LIMIT 1
            FOR UPDATE OF e SKIP LOCKED
            """, now).ToListAsync(ct)).FirstOrDefault();

    /// <summary>
    /// Her enrollment, locked (waiting for any other holder, as a refund or an early opening holds it): a leased email's
    /// outcome is written under it, so a change made meanwhile is seen, never overwritten. <c>NO KEY</c>: rows that only
    /// point at her enrollment (a progress row, a left-off mark) are not held up. Null when she is gone.
    /// </summary>
    public static async Task<Enrollment?> LockEnrollmentAsync(AppDbContext db, Guid enrollmentId, CancellationToken ct) =>
        (await db.Enrollments.FromSqlInterpolated($"""
            SELECT * FROM "Enrollments" WHERE "Id" = {enrollmentId} FOR NO KEY UPDATE
            """).ToListAsync(ct)).SingleOrDefault();
}
