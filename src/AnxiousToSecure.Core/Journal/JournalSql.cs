using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Journal;

/// <summary>The raw SQL of the journal: saving an entry in one statement, whether it is new or not.</summary>
public static class JournalSql
{
    /// <summary>Her entry for a lesson, created or overwritten (one per student and lesson); <paramref name="id"/> is used only when it is new.</summary>
    public static Task<int> SaveEntryAsync(AppDbContext db, Guid id, string userId, int lessonId, string ciphertext, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "JournalEntries" ("Id", "UserId", "LessonId", "Ciphertext", "CreatedAt", "UpdatedAt")
            VALUES ({id}, {userId}, {lessonId}, {ciphertext}, {now}, {now})
            ON CONFLICT ("UserId", "LessonId") DO UPDATE SET "Ciphertext" = EXCLUDED."Ciphertext", "UpdatedAt" = EXCLUDED."UpdatedAt"
            """, ct);
}
