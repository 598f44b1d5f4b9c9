using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;
using AnxiousToSecure.Core.Stripe;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>
/// Development without Stripe keys: a checkout page of our own, clearly marked as a test, that pays
/// by sending itself a signed <c>checkout.session.completed</c> event through the real webhook code.
/// No money moves; refunds succeed at once.
/// </summary>
public sealed class LocalTestPaymentGateway(IDbContextFactory<AppDbContext> dbs) : IPaymentGateway
{
    public const string SessionPrefix = "cs_local_";

    public bool IsLocalTest => true;

    public Task<CheckoutSessionInfo> CreateCheckoutAsync(CheckoutRequest r, CancellationToken ct = default)
    {
        var id = $"{SessionPrefix}{r.PaymentId:N}";
        return Task.FromResult(new CheckoutSessionInfo(id, $"/checkout/test/{id}", "open", "unpaid", null, r.AmountMinor, r.Currency, r.UserId, r.CourseId, null));
    }

    public async Task<CheckoutSessionInfo> GetCheckoutAsync(string sessionId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var p = await db.Payments.AsNoTracking().SingleOrDefaultAsync(x => x.CheckoutSessionId == sessionId, ct)
            ?? throw new KeyNotFoundException($"No local test checkout {sessionId}.");
        var paid = p.Status is not (PaymentStatus.Pending or PaymentStatus.Failed);
        return new CheckoutSessionInfo(sessionId, p.CheckoutUrl, paid ? "complete" : "open", paid ? "paid" : "unpaid",
            p.PaymentIntentId, p.AmountMinor, p.Currency, p.UserId, p.CourseId, null);
    }

    public Task<RefundInfo> RefundAsync(string idempotencyKey, Guid refundId, string paymentIntentId, long amountMinor, CancellationToken ct = default) =>
        Task.FromResult(new RefundInfo($"re_local_{refundId:N}", "succeeded", amountMinor, null));
}
