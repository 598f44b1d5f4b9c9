using AnxiousToSecure.Core.Data;
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
}
