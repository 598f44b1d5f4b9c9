using AnxiousToSecure.Core.Checkout;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.LocalTestCheckout;

/// <summary>Payment plans in the local test checkout: a test page instead of Stripe's, which sends the same events Stripe would.</summary>
public sealed partial class LocalTestPaymentGateway : IPlanGateway
{
    public const string PlanSessionPrefix = "cs_local_plan_";

    public static string PlanPage(string sessionId) => $"/checkout/test/plan/{sessionId}";

    public Task<CheckoutSessionInfo> CreatePlanCheckoutAsync(PlanCheckoutRequest r, CancellationToken ct = default)
    {
        var id = $"{PlanSessionPrefix}{r.PlanId:N}";
        return Task.FromResult(new CheckoutSessionInfo(id, PlanPage(id), CheckoutSessionState.Open, CheckoutPaymentState.Unpaid,
            null, r.AmountMinor, r.Currency, r.UserId, r.CourseId, null));
    }

    public async Task<PlanCheckoutInfo> GetPlanCheckoutAsync(string sessionId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var p = await db.PaymentPlans.AsNoTracking().SingleOrDefaultAsync(x => x.CheckoutSessionId == sessionId, ct)
            ?? throw new PaymentGatewayException(PaymentGatewayFailure.NotFound, $"No local test plan checkout {sessionId}.");
        var paid = p.PaidCount > 0;
        return new PlanCheckoutInfo(sessionId, p.Id, p.UserId, paid ? LocalTestPlanEvents.SubscriptionOf(p.Id) : null,
            paid ? LocalTestPlanEvents.CustomerOf(p.Id) : null, paid, false);
    }

    /// <summary>Nothing to end outside Stripe: the plan is marked completed by the ledger.</summary>
    public Task EndSubscriptionAsync(string subscriptionId, Guid planId, CancellationToken ct = default) => Task.CompletedTask;

    /// <summary>The test plan page stands in for Stripe's customer portal.</summary>
    public async Task<Uri> CardUpdatePageAsync(string customerId, Uri returnUrl, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var session = await db.PaymentPlans.AsNoTracking().Where(p => p.CustomerId == customerId).Select(p => p.CheckoutSessionId).FirstAsync(ct);
        return new Uri(PlanPage(session!), UriKind.Relative);
    }
}
