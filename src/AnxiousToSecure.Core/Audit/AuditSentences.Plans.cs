namespace AnxiousToSecure.Core.Audit;

/// <summary>The sentences of payment plan entries and of the plan setting.</summary>
public static partial class AuditSentences
{
    private static string? PlanSentence(string action, string who, string her, string d, Func<long, string, string> money) => action switch
    {
        AuditActions.Course.PaymentPlanChanged => $"{who} changed the payment plan ({d})",
        AuditActions.Plan.Started => $"{her} started a payment plan{Raw(d)}{ReportedBy(who, her)}",
        AuditActions.Plan.InvoicePaid => $"{her} paid {FirstAmount(d, money) ?? "a monthly payment"} of her payment plan{ReportedBy(who, her)}",
        AuditActions.Plan.InvoiceFailed => $"A monthly payment of {Possessive(her)} plan did not go through{ReportedBy(who, "Stripe")}",
        AuditActions.Plan.Paused => $"Stripe stopped retrying {Possessive(her)} monthly payment, so her access is paused (progress and journal kept){ReportedBy(who, "Stripe")}",
        AuditActions.Plan.Resumed => $"{Possessive(her)} missing monthly payment arrived, so her access is back{ReportedBy(who, her)}",
        AuditActions.Plan.Completed => $"{her} made the last payment of her plan; the subscription was ended{ReportedBy(who, her)}",
        _ => null,
    };
}
