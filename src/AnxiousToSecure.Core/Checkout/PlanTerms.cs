using AnxiousToSecure.Core.Catalog;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>
/// The course's payment plan: <see cref="Payments"/> monthly payments of <see cref="AmountMinor"/> (minor units of the
/// course's currency), offered beside paying in full. From course.yml's optional <c>payment_plan</c> block.
/// </summary>
public sealed record PlanTerms(int Payments, long AmountMinor)
{
    public const int MinPayments = 2;
    public const int MaxPayments = 24;

    public long TotalMinor => Payments * AmountMinor;

    public static PlanTerms? Of(Course course) =>
        course is { PlanPayments: { } n, PlanAmountMinor: { } amount } ? new PlanTerms(n, amount) : null;

    /// <summary>"3 monthly payments of 55.00 USD", or "no payment plan", for audit lines and messages to staff.</summary>
    public static string Describe(PlanTerms? plan, string currency) =>
        plan is null ? "no payment plan" : $"{plan.Payments} monthly payments of {MoneyText.Format(plan.AmountMinor, currency)}";

    /// <summary>Null when the terms can be offered, else why not.</summary>
    public static string? Problem(int payments, long amountMinor) =>
        payments is < MinPayments or > MaxPayments ? $"Choose {MinPayments} to {MaxPayments} monthly payments."
        : amountMinor <= 0 ? "Each payment must be more than zero."
        : null;
}
