using AnxiousToSecure.Core.Care;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Email;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>
/// Emails to a student about her money: a refund made, a dispute opened, a dispute closed. Discreet like
/// lesson emails: the same neutral sender (<see cref="CourseEmailEnvelope"/>), subjects that name neither the
/// course's subject nor an amount (the amount is in the body), links built from the configured address.
/// Composed when sent, from the rows as they are then; a failure to send throws, so the queue retries it.
/// </summary>
public sealed class MoneyEmails(AppDbContext db, IEmailTransport transport, IOptions<EmailOptions> email, IOptions<SupportOptions> support, AppMetrics metrics, ILogger<MoneyEmails> log)
{
    public const string RefundSubject = "Your refund is on its way";
    public const string DisputeOpenedSubject = "A question about your payment";
    public const string DisputeClosedSubject = "The question about your payment is settled";

    public async Task SendAsync(MoneyEmailKind kind, string reference, CancellationToken ct = default)
    {
        var message = await ComposeAsync(kind, reference, ct);
        if (message is null)
        {
            log.LogInformation("Money email {Kind} for {Reference} needs no message (no such record, or no account any more)", kind, reference);
            return;
        }
        try
        {
            await transport.SendAsync(message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            metrics.Email(EmailKind.Account, EmailOutcome.Failed);
            throw;
        }
        metrics.Email(EmailKind.Account, EmailOutcome.Sent);
    }

    public async Task<EmailMessage?> ComposeAsync(MoneyEmailKind kind, string reference, CancellationToken ct = default)
    {
        var title = await db.Courses.AsNoTracking().TheCourse().Select(c => c.Title).FirstOrDefaultAsync(ct) ?? "the course";
        switch (kind)
        {
            case MoneyEmailKind.RefundMade:
            {
                if (!Guid.TryParse(reference, out var id)) return null;
                var refund = await db.Refunds.AsNoTracking().Include(r => r.Payment!).ThenInclude(p => p.User).SingleOrDefaultAsync(r => r.Id == id, ct);
                if (refund is not { Status: RefundStatus.Succeeded, Payment.User: { } user }) return null;
                var p = refund.Payment;
                var full = p.RefundedMinor >= p.AmountMinor;
                var access = await AccessAsync(p, ct);
                var lines = new List<string>
                {
                    $"We have refunded {MoneyText.Format(refund.AmountMinor, p.Currency)} of your purchase of {title}" + (full ? ", the whole of what you paid." : $" ({MoneyText.Format(p.RefundedMinor, p.Currency)} of {MoneyText.Format(p.AmountMinor, p.Currency)} refunded so far)."),
                    "It goes back to the card you paid with. Banks usually take 5 to 10 days to show it.",
                    access ? "Your access to the course stays as it was." : "Your access to the lessons has ended. Your journal is still yours to read and export.",
                };
                return Compose(user, RefundSubject, $"money-refund-{refund.Id:N}", lines);
            }
            case MoneyEmailKind.DisputeOpened:
            case MoneyEmailKind.DisputeClosed:
            {
                var dispute = await db.Disputes.AsNoTracking().Include(d => d.Payment!).ThenInclude(p => p.User).SingleOrDefaultAsync(d => d.StripeDisputeId == reference, ct);
                if (dispute is not { Payment.User: { } user }) return null;
                if (kind == MoneyEmailKind.DisputeOpened)
                {
                    return Compose(user, DisputeOpenedSubject, $"money-dispute-opened-{dispute.Id}", [
                        $"Your bank told us that the payment for {title} is being questioned (a dispute, sometimes called a chargeback).",
                        "While your bank looks into it, the lessons are paused. Your journal is still yours, and nothing you wrote is lost.",
                        "If you did not mean to question the payment, or it was a mistake, you can tell your bank. If something about the purchase was not right, write to us: we would rather sort it out with you.",
                    ]);
                }
                if (dispute.ClosedAt is null) return null;
                var back = await AccessAsync(dispute.Payment, ct);
                return Compose(user, DisputeClosedSubject, $"money-dispute-closed-{dispute.Id}", [
                    $"Your bank has finished looking into the payment for {title}.",
                    back
                        ? "Your access to the course is back, with your progress and journal as you left them."
                        : "Your access to the lessons has ended. Your journal is still yours to read and export.",
                    "If you have questions about it, write to us.",
                ]);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "A money email of an unknown kind.");
        }
    }

    private async Task<bool> AccessAsync(Payment p, CancellationToken ct) =>
        p.EnrollmentId is { } e && await db.Enrollments.AnyAsync(x => x.Id == e && x.Status == EnrollmentStatus.Active, ct);

    private EmailMessage Compose(ApplicationUser user, string subject, string messageKey, IReadOnlyList<string> lines) =>
        CourseEmailEnvelope.Purchase(email.Value, support.Value.Email, user, subject, messageKey, body => body.Paragraphs(lines));
}
