using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Admin;

/// <summary>The raw SQL of admin actions: the locks that make two admins take turns, and the one bulk insert LINQ cannot say.</summary>
public static class AdminSql
{
    /// <summary>Locks the Admin role row until the transaction ends: role changes take turns, so two admins cannot each remove the other.</summary>
    public static Task<int> LockAdminRoleAsync(AppDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""SELECT 1 FROM "AspNetRoles" WHERE "Name" = {Roles.Admin} FOR UPDATE""", ct);

    /// <summary>An enrollment row-locked for the transaction, so two admins (or an admin and a webhook) take turns.</summary>
    public static Task<Enrollment> LockEnrollmentAsync(AppDbContext db, Guid enrollmentId, CancellationToken ct) =>
        db.Enrollments.FromSqlInterpolated($"""SELECT * FROM "Enrollments" WHERE "Id" = {enrollmentId} FOR UPDATE""").SingleAsync(ct);

    /// <summary>Records every published lesson of the course as released to her now, without lesson email. Returns how many were new.</summary>
    public static Task<int> ReleaseAllPublishedLessonsSilentlyAsync(AppDbContext db, Guid enrollmentId, int courseId, DateTimeOffset now, string note, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "LessonReleases" ("EnrollmentId", "LessonId", "ReleasedAt", "EmailStatus", "Attempts", "LastError")
            SELECT {enrollmentId}, l."Id", {now}, {nameof(DripEmailStatus.Skipped)}, 0, {note}
            FROM "Lessons" l WHERE l."CourseId" = {courseId} AND l."Published"
            ON CONFLICT ("EnrollmentId", "LessonId") DO NOTHING
            """, ct);
}
