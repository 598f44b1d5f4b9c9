using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Stripe;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>
/// The link to Stripe's receipt (or, with invoices on, the hosted invoice) of each paid purchase, asked of
/// Stripe once the purchase is paid and kept on the payment. Stripe may finish the invoice a little after the
/// checkout, so a purchase still without its link is asked about again when she opens her purchases page.
/// </summary>
public sealed class Receipts(AppDbContext db, IPaymentGateway gateway, IOptions<StripeOptions> stripe, ILogger<Receipts> log)
{
    /// <summary>At most this many purchases are asked about on one visit to the purchases page.</summary>
    public const int AskAtOnce = 3;

    private static readonly TimeSpan PageBudget = TimeSpan.FromSeconds(3);

    /// <summary>After fulfilment: asks Stripe for the receipt of a paid purchase that has none yet. Never throws for Stripe's sake.</summary>
    public async Task RecordAsync(Guid paymentId, CancellationToken ct = default)
    {
        var payment = await db.Payments.SingleOrDefaultAsync(p => p.Id == paymentId, ct);
        if (payment is null || !Wanted(payment)) return;
        await AskAsync(payment, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>For her purchases page: a few paid purchases without their link are asked about again, within a short budget.</summary>
    public async Task FillMissingAsync(string userId, CancellationToken ct = default)
    {
        var missing = await db.Payments
            .Where(p => p.UserId == userId && p.PaidAt != null && p.CheckoutSessionId != null && (p.ReceiptUrl == null || (!p.ReceiptIsInvoice && stripe.Value.InvoiceCreation)))
            .OrderByDescending(p => p.PaidAt).Take(AskAtOnce).ToListAsync(ct);
        if (missing.Count == 0) return;
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(PageBudget);
        foreach (var payment in missing)
        {
            if (budget.IsCancellationRequested) break;
            await AskAsync(payment, budget.Token);
        }
        await db.SaveChangesAsync(ct);
    }

    private bool Wanted(Payment p) =>
        p.PaidAt is not null && p.CheckoutSessionId is not null && (p.ReceiptUrl is null || (!p.ReceiptIsInvoice && stripe.Value.InvoiceCreation));

    private async Task AskAsync(Payment payment, CancellationToken ct)
    {
        ReceiptInfo? receipt;
        try
        {
            receipt = await gateway.GetReceiptAsync(payment.CheckoutSessionId!, ct);
        }
        catch (Exception e) when (e is PaymentGatewayException or OperationCanceledException)
        {
            log.LogInformation("The receipt of payment {PaymentId} could not be read yet: {Reason}", payment.Id, e.Message);
            return;
        }
        // Only Stripe's own https pages are linked from her purchases page.
        if (receipt is null || !Uri.TryCreate(receipt.Url, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps) return;
        payment.ReceiptUrl = url.AbsoluteUri;
        payment.ReceiptIsInvoice = receipt.IsInvoice;
    }
}
