using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>
/// The raw SQL of payments, purchases and the webhook inbox: inserts that must not race
/// (<c>ON CONFLICT</c>) and row locks (<c>FOR UPDATE</c>) that LINQ cannot say. Every value, enum
/// values included, is a parameter; the locks hold until the caller's transaction ends.
/// </summary>
public static class CheckoutSql
{
    /// <summary>A pending payment for the checkout session, unless one is already recorded for it (the webhook and the success page race here).</summary>
    public static Task<int> AddPendingPaymentUnlessKnownAsync(
        AppDbContext db, Guid id, string userId, int courseId, string checkoutSessionId, long amountMinor, string currency, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "Payments" ("Id", "UserId", "CourseId", "CheckoutSessionId", "AmountMinor", "Currency", "RefundedMinor", "Status", "CreatedAt", "UpdatedAt")
            VALUES ({id}, {userId}, {courseId}, {checkoutSessionId}, {amountMinor}, {currency}, 0, {nameof(PaymentStatus.Pending)}, {now}, {now})
            ON CONFLICT ("CheckoutSessionId") DO NOTHING
            """, ct);

    public static async Task<Payment?> LockPaymentBySessionAsync(AppDbContext db, string checkoutSessionId, CancellationToken ct) =>
        (await db.Payments.FromSqlInterpolated($"""SELECT * FROM "Payments" WHERE "CheckoutSessionId" = {checkoutSessionId} FOR UPDATE""").ToListAsync(ct)).SingleOrDefault();

    public static async Task<Payment?> LockPaymentByIntentAsync(AppDbContext db, string paymentIntentId, CancellationToken ct) =>
        (await db.Payments.FromSqlInterpolated($"""SELECT * FROM "Payments" WHERE "PaymentIntentId" = {paymentIntentId} FOR UPDATE""").ToListAsync(ct)).SingleOrDefault();

    public static async Task<Payment?> LockPaymentByIdAsync(AppDbContext db, Guid id, CancellationToken ct) =>
        (await db.Payments.FromSqlInterpolated($"""SELECT * FROM "Payments" WHERE "Id" = {id} FOR UPDATE""").ToListAsync(ct)).SingleOrDefault();

    /// <summary>An active purchase enrollment, unless she already has one for the course (active or not). 1 if this call created it.</summary>
    public static Task<int> AddPurchaseEnrollmentUnlessKnownAsync(AppDbContext db, Guid id, string userId, int courseId, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "Enrollments" ("Id", "UserId", "CourseId", "Status", "Source", "StartedAt", "CreatedAt", "StatusChangedAt", "PausedDays", "NextReleaseCheckAt")
            VALUES ({id}, {userId}, {courseId}, {nameof(EnrollmentStatus.Active)}, {nameof(EnrollmentSource.Purchase)}, {now}, {now}, {now}, 0, {now})
            ON CONFLICT ("UserId", "CourseId") DO NOTHING
            """, ct);

    public static async Task<Enrollment?> LockEnrollmentAsync(AppDbContext db, string userId, int courseId, CancellationToken ct) =>
        (await db.Enrollments.FromSqlInterpolated($"""
            SELECT * FROM "Enrollments" WHERE "UserId" = {userId} AND "CourseId" = {courseId} FOR UPDATE
            """).ToListAsync(ct)).SingleOrDefault();

    /// <summary>Stores a verified webhook event as received; a redelivery (same id) changes nothing.</summary>
    public static Task<int> AddStripeEventUnlessKnownAsync(
        AppDbContext db, string id, string type, string? apiVersion, bool apiVersionMismatch, DateTimeOffset created, DateTimeOffset now, string payloadJson, string? paymentIntentId, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "StripeEvents" ("Id", "Type", "ApiVersion", "ApiVersionMismatch", "Created", "ReceivedAt", "Payload", "State", "PaymentIntentId", "Attempts")
            VALUES ({id}, {type}, {apiVersion}, {apiVersionMismatch}, {created}, {now}, {payloadJson}::jsonb, {nameof(StripeEventState.Received)}, {paymentIntentId}, 0)
            ON CONFLICT ("Id") DO NOTHING
            """, ct);

    public static async Task<StripeEventRecord?> LockStripeEventAsync(AppDbContext db, string id, CancellationToken ct) =>
        (await db.StripeEvents.FromSqlInterpolated($"""SELECT * FROM "StripeEvents" WHERE "Id" = {id} FOR UPDATE""").ToListAsync(ct)).SingleOrDefault();
}
