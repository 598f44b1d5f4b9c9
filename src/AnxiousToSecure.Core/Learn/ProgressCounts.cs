using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Learn;

/// <summary>
/// Keeps <c>Enrollments.CompletedLessons</c> equal to the number of published lessons she has
/// completed. Recounted (never incremented) wherever completion or publishing changes.
/// </summary>
public static class ProgressCounts
{
    private const string Recount = """
        UPDATE "Enrollments" e SET "CompletedLessons" = (
            SELECT count(*) FROM "LessonProgress" p JOIN "Lessons" l ON l."Id" = p."LessonId" AND l."Published"
            WHERE p."EnrollmentId" = e."Id" AND p."CompletedAt" IS NOT NULL)
        """;

    public static Task<int> ForEnrollmentAsync(DatabaseFacade db, Guid enrollmentId, CancellationToken ct = default) =>
        db.ExecuteSqlRawAsync(Recount + """ WHERE e."Id" = {0}""", [enrollmentId], ct);

    /// <summary>After a lesson was published or unpublished: every student who completed it.</summary>
    public static Task<int> ForLessonAsync(DatabaseFacade db, int lessonId, CancellationToken ct = default) =>
        db.ExecuteSqlRawAsync(Recount + """
             WHERE e."Id" IN (SELECT q."EnrollmentId" FROM "LessonProgress" q WHERE q."LessonId" = {0} AND q."CompletedAt" IS NOT NULL)
            """, [lessonId], ct);

    /// <summary>After an import, which may publish or unpublish any lesson.</summary>
    public static Task<int> ForCourseAsync(DatabaseFacade db, int courseId, CancellationToken ct = default) =>
        db.ExecuteSqlRawAsync(Recount + """ WHERE e."CourseId" = {0}""", [courseId], ct);
}
