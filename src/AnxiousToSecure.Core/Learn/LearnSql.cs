using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Learn;

/// <summary>
/// The raw SQL of reading: progress upserts that two tabs may race (<c>ON CONFLICT</c>), her
/// enrollment lock, and the recount that keeps <c>Enrollments.CompletedLessons</c> equal to the
/// number of published lessons she has completed. Recounted (never incremented) wherever completion
/// or publishing changes.
/// </summary>
public static class LearnSql
{
    private const string Recount = """
        UPDATE "Enrollments" e SET "CompletedLessons" = (
            SELECT count(*) FROM "LessonProgress" p JOIN "Lessons" l ON l."Id" = p."LessonId" AND l."Published"
            WHERE p."EnrollmentId" = e."Id" AND p."CompletedAt" IS NOT NULL)
        """;

    /// <summary>"Where she left off": the lesson's last-viewed time, creating her progress row if needed.</summary>
    public static Task<int> RecordLessonViewedAsync(AppDbContext db, Guid enrollmentId, int lessonId, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "LessonProgress" ("EnrollmentId", "LessonId", "LastViewedAt")
            VALUES ({enrollmentId}, {lessonId}, {now})
            ON CONFLICT ("EnrollmentId", "LessonId") DO UPDATE SET "LastViewedAt" = EXCLUDED."LastViewedAt"
            """, ct);

    /// <summary>Her enrollment row, locked until the transaction ends, so her progress changes take turns.</summary>
    public static Task<int> LockEnrollmentAsync(AppDbContext db, Guid enrollmentId, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""SELECT 1 FROM "Enrollments" WHERE "Id" = {enrollmentId} FOR UPDATE""", ct);

    /// <summary>Completes (a time) or un-completes (null) a lesson. Completing twice keeps the first completion time.</summary>
    public static Task<int> SetLessonCompletedAsync(AppDbContext db, Guid enrollmentId, int lessonId, DateTimeOffset now, DateTimeOffset? completedAt, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "LessonProgress" ("EnrollmentId", "LessonId", "LastViewedAt", "CompletedAt")
            VALUES ({enrollmentId}, {lessonId}, {now}, {completedAt})
            ON CONFLICT ("EnrollmentId", "LessonId") DO UPDATE SET "CompletedAt" =
                CASE WHEN EXCLUDED."CompletedAt" IS NULL THEN NULL
                     ELSE COALESCE("LessonProgress"."CompletedAt", EXCLUDED."CompletedAt") END
            """, ct);

    public static Task<int> RecountProgressOfEnrollmentAsync(AppDbContext db, Guid enrollmentId, CancellationToken ct = default) =>
        db.Database.ExecuteSqlRawAsync(Recount + """ WHERE e."Id" = {0}""", [enrollmentId], ct);

    /// <summary>After a lesson was published or unpublished: every student who completed it.</summary>
    public static Task<int> RecountProgressOfLessonAsync(AppDbContext db, int lessonId, CancellationToken ct = default) =>
        db.Database.ExecuteSqlRawAsync(Recount + """
             WHERE e."Id" IN (SELECT q."EnrollmentId" FROM "LessonProgress" q WHERE q."LessonId" = {0} AND q."CompletedAt" IS NOT NULL)
            """, [lessonId], ct);

    /// <summary>After an import, which may publish or unpublish any lesson.</summary>
    public static Task<int> RecountProgressOfCourseAsync(AppDbContext db, int courseId, CancellationToken ct = default) =>
        db.Database.ExecuteSqlRawAsync(Recount + """ WHERE e."CourseId" = {0}""", [courseId], ct);
}
