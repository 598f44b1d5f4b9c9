using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>
/// The raw SQL of gifts: row locks and claims (<c>FOR UPDATE</c>, <c>SKIP LOCKED</c>) that LINQ cannot
/// say, and the enrollment insert that must not race. Every value, enum values included, is a parameter
/// or spelled through <c>nameof</c>; the locks hold until the caller's transaction ends.
/// </summary>
public static class GiftSql
{
    public static async Task<Gift?> LockAsync(AppDbContext db, Guid id, CancellationToken ct) =>
        (await db.Gifts.FromSqlInterpolated($"""SELECT * FROM "Gifts" WHERE "Id" = {id} FOR UPDATE""").ToListAsync(ct)).SingleOrDefault();

    public static async Task<Gift?> LockByPaymentAsync(AppDbContext db, Guid paymentId, CancellationToken ct) =>
        (await db.Gifts.FromSqlInterpolated($"""SELECT * FROM "Gifts" WHERE "PaymentId" = {paymentId} FOR UPDATE""").ToListAsync(ct)).SingleOrDefault();

    public static async Task<Gift?> LockByTokenHashAsync(AppDbContext db, string tokenHash, CancellationToken ct) =>
        (await db.Gifts.FromSqlInterpolated($"""SELECT * FROM "Gifts" WHERE "TokenHash" = {tokenHash} FOR UPDATE""").ToListAsync(ct)).SingleOrDefault();

    /// <summary>
    /// One paid gift whose redeem email is due, that no other sweeper holds; null when there is none. A gift
    /// whose payment is refunded, disputed or unfinished is never claimed.
    /// </summary>
    public static async Task<Gift?> ClaimDueAsync(AppDbContext db, DateTimeOffset now, CancellationToken ct) =>
        (await db.Gifts.FromSqlRaw($$"""
            SELECT g.* FROM "Gifts" g
            JOIN "Payments" p ON p."Id" = g."PaymentId"
            WHERE g."SendAt" <= {0}
              AND g."Status" IN ('{{nameof(GiftStatus.Scheduled)}}', '{{nameof(GiftStatus.Sent)}}')
              AND p."Status" IN ('{{nameof(PaymentStatus.Paid)}}', '{{nameof(PaymentStatus.PartiallyRefunded)}}')
            ORDER BY g."SendAt"
            LIMIT 1
            FOR UPDATE OF g SKIP LOCKED
            """, now).ToListAsync(ct)).FirstOrDefault();

    /// <summary>One gift with a note to its buyer waiting, that no other sweeper holds.</summary>
    public static async Task<Gift?> ClaimNoticeDueAsync(AppDbContext db, CancellationToken ct) =>
        (await db.Gifts.FromSqlRaw("""
            SELECT * FROM "Gifts" WHERE "NoticeDue" IS NOT NULL AND "BuyerId" IS NOT NULL
            ORDER BY "UpdatedAt"
            LIMIT 1
            FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct)).FirstOrDefault();

    /// <summary>An active gift enrollment starting now, unless she already has one for the course (active or not). 1 if this call created it.</summary>
    public static Task<int> AddGiftEnrollmentUnlessKnownAsync(AppDbContext db, Guid id, string userId, int courseId, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "Enrollments" ("Id", "UserId", "CourseId", "Status", "Source", "StartedAt", "CreatedAt", "StatusChangedAt", "PausedDays", "NextReleaseCheckAt")
            VALUES ({id}, {userId}, {courseId}, {nameof(EnrollmentStatus.Active)}, {nameof(EnrollmentSource.Gift)}, {now}, {now}, {now}, 0, {now})
            ON CONFLICT ("UserId", "CourseId") DO NOTHING
            """, ct);
}
