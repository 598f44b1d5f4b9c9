using AnxiousToSecure.Core.Checkout;

namespace AnxiousToSecure.Web.Features.Checkout;

/// <summary>A plan's state in words, the same on her purchases page and the admin's student page.</summary>
public static class PlanText
{
    public static string Status(PlanStatus status) => status switch
    {
        PlanStatus.Active => "paying monthly",
        PlanStatus.PastDue => "a payment did not go through; Stripe is trying again",
        PlanStatus.Paused => "paused: a payment is missing",
        PlanStatus.Completed => "paid in full",
        PlanStatus.Canceled => "not started",
        _ => "waiting for the first payment",
    };

    /// <summary>"or 3 monthly payments of $55.00", beside the price.</summary>
    public static string Offer(PlanTerms plan, string currency) => $"or {plan.Payments} monthly payments of {Components.Shared.Display.Money(plan.AmountMinor, currency)}";
}
