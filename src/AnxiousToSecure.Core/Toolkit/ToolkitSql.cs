using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Toolkit;

/// <summary>The raw SQL of the toolkit: saving is an upsert two taps (or two tabs) may race, so it is one statement that keeps the first save.</summary>
public static class ToolkitSql
{
    public static Task<int> SaveAsync(AppDbContext db, string userId, int lessonId, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "ToolkitItems" ("UserId", "LessonId", "SavedAt") VALUES ({userId}, {lessonId}, {now})
            ON CONFLICT ("UserId", "LessonId") DO NOTHING
            """, ct);
}
