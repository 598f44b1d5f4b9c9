using AnxiousToSecure.Core.Care;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Email;
using AnxiousToSecure.Core.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>What a student on a payment plan is told. The numbers are stored in queued jobs: never renumber.</summary>
public enum PlanEmailKind
{
    /// <summary>A monthly payment did not go through (reference: our plan invoice id): update the card.</summary>
    PaymentFailed = 1,

    /// <summary>Stripe stopped retrying and her lessons are paused (reference: our plan id).</summary>
    AccessPaused = 2,
}

/// <summary>Sends a plan email in the background, retried until the mail server takes it.</summary>
public interface IPlanEmailQueue
{
    void Enqueue(PlanEmailKind kind, Guid reference);
}

/// <summary>The email's row is not committed yet (the job ran before the webhook's transaction ended): try again later.</summary>
public sealed class PlanEmailNotReadyException(string message) : Exception(message);

/// <summary>
/// Payment plan emails: discreet like lesson emails (the same neutral sender, a subject with neither the course's subject
/// nor an amount), with a link to the app's own card-update address, which makes a Stripe portal session for the
/// signed-in student when she opens it: no portal address is stored or mailed. Composed when sent, from the rows as they are then.
/// </summary>
public sealed class PlanEmails(AppDbContext db, IEmailTransport transport, IOptions<EmailOptions> email, IOptions<SupportOptions> support, TimeProvider time, AppMetrics metrics, ILogger<PlanEmails> log)
{
    public const string PaymentFailedSubject = "Please check your card";
    public const string AccessPausedSubject = "Your lessons are waiting for you";

    /// <summary>Where every plan email sends her; the app makes the portal session there.</summary>
    public const string UpdateCardPath = "/purchases/update-card";

    public async Task SendAsync(PlanEmailKind kind, Guid reference, CancellationToken ct = default)
    {
        switch (kind)
        {
            case PlanEmailKind.PaymentFailed:
            {
                var invoice = await db.PlanInvoices.AsNoTracking().Include(i => i.Plan!).ThenInclude(p => p.User).SingleOrDefaultAsync(i => i.Id == reference, ct)
                    ?? throw new PlanEmailNotReadyException($"Plan invoice {reference} is not recorded yet.");
                if (invoice.Plan?.User is not { } user || invoice.Status != PlanInvoiceStatus.Failed) return;
                // Claimed before sending, released if sending fails: one email per invoice, even if the job runs twice.
                if (await PlanSql.ClaimFailureNoticeAsync(db, invoice.Id, time.GetUtcNow(), ct) == 0) return;
                try
                {
                    await SendMessageAsync(Compose(user, PaymentFailedSubject, $"plan-failed-{invoice.Id:N}", [
                        "The latest monthly payment for your course did not go through. It happens: a card expires, or a bank declines a payment it does not recognise.",
                        "We will try again over the next few days. To make sure it goes through, you can check or update your card here:",
                    ], ("Update your card", email.Value.Link(UpdateCardPath)),
                        "Your lessons stay open in the meantime, and nothing you wrote is affected."), ct);
                }
                catch
                {
                    await PlanSql.ReleaseFailureNoticeAsync(db, invoice.Id, CancellationToken.None);
                    throw;
                }
                return;
            }
            case PlanEmailKind.AccessPaused:
            {
                var plan = await db.PaymentPlans.AsNoTracking().Include(p => p.User).SingleOrDefaultAsync(p => p.Id == reference, ct)
                    ?? throw new PlanEmailNotReadyException($"Payment plan {reference} is not recorded.");
                if (plan.Status != PlanStatus.Paused || plan.User is not { } user)
                {
                    log.LogInformation("Plan {PlanId} is no longer paused; no email", plan.Id);
                    return;
                }
                await SendMessageAsync(Compose(user, AccessPausedSubject, $"plan-paused-{plan.Id:N}-{plan.StatusEventAt?.ToUnixTimeSeconds()}", [
                    "We could not collect a monthly payment for your course, so your lessons are paused for now.",
                    "Your progress and your journal are kept exactly as they are. Once the payment goes through, everything opens again where you left off. You can update your card here:",
                ], ("Update your card", email.Value.Link(UpdateCardPath)),
                    "If money is tight right now, write to us: we would rather find a way with you."), ct);
                return;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "A plan email of an unknown kind.");
        }
    }

    private async Task SendMessageAsync(EmailMessage message, CancellationToken ct)
    {
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

    private EmailMessage Compose(ApplicationUser user, string subject, string messageKey, IReadOnlyList<string> lines, (string Text, Uri Url) link, string after) =>
        CourseEmailEnvelope.Purchase(email.Value, support.Value.Email, user, subject, messageKey,
            body => body.Paragraphs(lines).Link(link.Text, link.Url).Paragraph(after));
}
