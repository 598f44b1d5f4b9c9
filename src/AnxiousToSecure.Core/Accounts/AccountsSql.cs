using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Accounts;

/// <summary>The raw SQL of accounts: reading inside Stripe's stored JSON payloads, which LINQ cannot.</summary>
public static class AccountsSql
{
    /// <summary>Deletes the stored Stripe events that name her: by payment intent, by checkout session, or by her user id as the client reference.</summary>
    public static Task<int> DeleteStripeEventsNamingAsync(AppDbContext db, string userId, string[] paymentIntentIds, string[] checkoutSessionIds, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            DELETE FROM "StripeEvents"
            WHERE "PaymentIntentId" = ANY({paymentIntentIds})
               OR "Payload" -> 'data' -> 'object' ->> 'id' = ANY({checkoutSessionIds})
               OR "Payload" -> 'data' -> 'object' ->> 'client_reference_id' = {userId}
            """, ct);
}
