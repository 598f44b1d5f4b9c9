using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Feedback;

/// <summary>The raw SQL of lesson feedback: her answer is an upsert on (student, lesson), so a second tap changes it instead of adding one.</summary>
public static class FeedbackSql
{
    public static Task<int> SaveAsync(AppDbContext db, string userId, int lessonId, LessonLanding answer, string? note, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "LessonFeedback" ("UserId", "LessonId", "Answer", "Note", "CreatedAt", "UpdatedAt")
            VALUES ({userId}, {lessonId}, {answer.ToString()}, {note}, {now}, {now})
            ON CONFLICT ("UserId", "LessonId") DO UPDATE SET "Answer" = EXCLUDED."Answer", "Note" = EXCLUDED."Note", "UpdatedAt" = EXCLUDED."UpdatedAt"
            """, ct);

    /// <summary>One row of where the ones who stopped stopped: the lesson of their last completion (null: none yet) and how many.</summary>
    public sealed record StoppedRow(int? LessonId, int Students);

    /// <summary>
    /// Students who stopped (see <see cref="FeedbackService.ReportAsync"/>), counted by the lesson they completed last:
    /// an enrollment that gives access, not paused, not every one of <paramref name="publishedLessonIds"/> completed, and
    /// nothing opened or completed (nor started or resumed) since <paramref name="quietSince"/>.
    /// </summary>
    public static Task<List<StoppedRow>> StoppedAsync(AppDbContext db, int courseId, int[] publishedLessonIds, DateTimeOffset quietSince, CancellationToken ct) =>
        db.Database.SqlQueryRaw<StoppedRow>($$"""
            SELECT last."LessonId" AS "LessonId", count(*)::int AS "Students"
            FROM "Enrollments" e
            LEFT JOIN LATERAL (SELECT p."LessonId" FROM "LessonProgress" p
                               WHERE p."EnrollmentId" = e."Id" AND p."CompletedAt" IS NOT NULL
                               ORDER BY p."CompletedAt" DESC, p."Id" DESC LIMIT 1) last ON true
            WHERE e."CourseId" = {0} AND e."Status" = '{{nameof(EnrollmentStatus.Active)}}' AND e."PausedAt" IS NULL
              AND GREATEST(e."StartedAt", e."ResumedAt",
                           (SELECT max(GREATEST(p."LastViewedAt", p."CompletedAt")) FROM "LessonProgress" p WHERE p."EnrollmentId" = e."Id")) <= {1}
              AND (SELECT count(*) FROM "LessonProgress" p
                   WHERE p."EnrollmentId" = e."Id" AND p."CompletedAt" IS NOT NULL AND p."LessonId" = ANY({2})) < cardinality({2})
            GROUP BY last."LessonId"
            """, courseId, quietSince, publishedLessonIds).ToListAsync(ct);
}
