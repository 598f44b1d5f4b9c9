using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>
/// What Stripe's checkout, invoice and subscription events do to a payment plan and the access it buys. Each call is
/// one transaction (or joins the webhook inbox's) with the plan row locked, so redelivered, concurrent and
/// out-of-order events settle in one state: an invoice counts once (keyed by its id), and a subscription state older
/// than the plan's last change (by the event's own time) changes nothing. Access starts with the first paid invoice;
/// when Stripe gives up on a later one, access is paused with <see cref="EnrollmentStatus.PaymentPaused"/> (progress
/// and journal stay) until a payment arrives or an admin restores it. After the Nth paid invoice the subscription is ended.
/// </summary>
public sealed class PlanLedger(AppDbContext db, EnrollmentService enrollments, IPlanGateway gateway, MoneyNotices notices, TimeProvider time)
{
    /// <summary>A plan checkout completed (or expired). False if the plan is not known here.</summary>
    public Task<bool> ApplyCheckoutAsync(PlanCheckoutInfo s, AuditActor actor, CancellationToken ct = default) =>
        db.InTransactionAsync(async ct =>
        {
            var plan = await PlanSql.LockPlanAsync(db, new PlanRef(s.PlanId, s.SubscriptionId), ct) ?? await PlanSql.LockPlanBySessionAsync(db, s.SessionId, ct);
            if (plan is null) return false;
            plan.CheckoutSessionId ??= s.SessionId;
            plan.SubscriptionId ??= s.SubscriptionId;
            plan.CustomerId ??= s.CustomerId;
            if (s.Paid) await StartAsync(plan, actor, ct);
            else if (s.Expired && plan.Status == PlanStatus.Pending) plan.Status = PlanStatus.Canceled;
            plan.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);

    /// <summary>invoice.paid: the payment is recorded once, access starts or comes back, and the last one ends the subscription.</summary>
    public Task<bool> ApplyInvoicePaidAsync(PlanInvoiceInfo inv, DateTimeOffset created, AuditActor actor, CancellationToken ct = default) =>
        db.InTransactionAsync(async ct =>
        {
            var plan = await PlanSql.LockPlanAsync(db, inv.Plan, ct);
            if (plan is null) return false;
            var now = time.GetUtcNow();
            Identify(plan, inv.Plan.SubscriptionId, inv.CustomerId);
            var invoice = await InvoiceAsync(plan, inv, now, ct);
            if (invoice.Status != PlanInvoiceStatus.Paid)
            {
                await StartAsync(plan, actor, ct);
                var payment = new Payment
                {
                    Id = Guid.CreateVersion7(now),
                    UserId = plan.UserId,
                    CourseId = plan.CourseId,
                    EnrollmentId = plan.EnrollmentId,
                    PaymentIntentId = inv.PaymentIntentId,
                    AmountMinor = inv.AmountPaid,
                    Currency = inv.Currency,
                    Status = PaymentStatus.Paid,
                    CreatedAt = now,
                    PaidAt = now,
                    UpdatedAt = now,
                };
                db.Payments.Add(payment);
                invoice.Status = PlanInvoiceStatus.Paid;
                invoice.PaidAt = now;
                invoice.PaymentId = payment.Id;
                invoice.AmountMinor = inv.AmountPaid;
                plan.PaidCount++;
                AuditLog.Write(db, time, actor, AuditActions.Plan.InvoicePaid, plan.UserId, $"payment:{payment.Id}",
                    $"{MoneyText.Format(inv.AmountPaid, inv.Currency)}, invoice {inv.InvoiceId}, {plan.PaidCount} of {plan.Payments}");
            }
            invoice.UpdatedAt = now;

            if (plan.Status is not (PlanStatus.Completed or PlanStatus.Canceled) && Newer(plan, created, orSame: true))
            {
                await ResumeAsync(plan, actor, $"invoice {inv.InvoiceId} paid", ct);
                plan.Status = PlanStatus.Active;
                plan.StatusEventAt = created;
            }
            if (plan.PaidCount >= plan.Payments && plan.Status != PlanStatus.Completed)
            {
                // Stripe is told first: if it cannot be reached the whole event rolls back and Stripe delivers it again.
                if (plan.SubscriptionId is { } sub) await gateway.EndSubscriptionAsync(sub, plan.Id, ct);
                await ResumeAsync(plan, actor, "every payment made", ct);
                plan.Status = PlanStatus.Completed;
                plan.EndedAt = now;
                AuditLog.Write(db, time, actor, AuditActions.Plan.Completed, plan.UserId, $"plan:{plan.Id}", $"{plan.PaidCount} of {plan.Payments} paid, subscription {plan.SubscriptionId}");
            }
            plan.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);

    /// <summary>invoice.payment_failed: Stripe retries on its own; she gets one email per invoice with a link to update her card.</summary>
    public Task<bool> ApplyInvoiceFailedAsync(PlanInvoiceInfo inv, DateTimeOffset created, AuditActor actor, CancellationToken ct = default) =>
        notices.AfterCommitAsync(db, db.InTransactionAsync(async ct =>
        {
            var plan = await PlanSql.LockPlanAsync(db, inv.Plan, ct);
            if (plan is null) return false;
            var now = time.GetUtcNow();
            Identify(plan, inv.Plan.SubscriptionId, inv.CustomerId);
            if (plan.Status is PlanStatus.Completed or PlanStatus.Canceled) return true;
            var invoice = await InvoiceAsync(plan, inv, now, ct);
            if (invoice.Status != PlanInvoiceStatus.Paid)
            {
                var first = invoice.FailedAt is null;
                invoice.Status = PlanInvoiceStatus.Failed;
                invoice.Attempts = Math.Max(invoice.Attempts, inv.Attempts);
                invoice.FailedAt ??= now;
                invoice.UpdatedAt = now;
                if (first)
                {
                    AuditLog.Write(db, time, actor, AuditActions.Plan.InvoiceFailed, plan.UserId, $"plan:{plan.Id}",
                        $"{MoneyText.Format(inv.AmountDue, inv.Currency)}, invoice {inv.InvoiceId}, attempt {inv.Attempts}{(inv.WillRetry ? ", Stripe retries" : "")}");
                    // The first payment is made on Stripe's page itself: only a later one needs the email.
                    if (plan.PaidCount > 0) notices.Add(PlanEmailKind.PaymentFailed, invoice.Id);
                }
            }
            if (plan.Status == PlanStatus.Active && invoice.Status != PlanInvoiceStatus.Paid && Newer(plan, created, orSame: true))
            {
                plan.Status = PlanStatus.PastDue;
                plan.StatusEventAt = created;
            }
            plan.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
            return true;
        }, ct));

    /// <summary>customer.subscription.*: when Stripe gives up (unpaid, or cancelled before the last payment), access is paused.</summary>
    public Task<bool> ApplySubscriptionAsync(PlanSubscriptionEvent e, DateTimeOffset created, AuditActor actor, CancellationToken ct = default) =>
        notices.AfterCommitAsync(db, db.InTransactionAsync(async ct =>
        {
            var plan = await PlanSql.LockPlanAsync(db, e.Plan, ct);
            if (plan is null) return false;
            Identify(plan, e.SubscriptionId, e.CustomerId);
            if (plan.Status is PlanStatus.Completed or PlanStatus.Canceled or PlanStatus.Pending) return true;
            switch (e.State)
            {
                case SubscriptionState.Active when Newer(plan, created, orSame: true):
                    await ResumeAsync(plan, actor, $"subscription {e.SubscriptionId} active", ct);
                    plan.Status = PlanStatus.Active;
                    plan.StatusEventAt = created;
                    break;
                case SubscriptionState.PastDue when plan.Status == PlanStatus.Active && Newer(plan, created, orSame: false):
                    plan.Status = PlanStatus.PastDue;
                    plan.StatusEventAt = created;
                    break;
                case SubscriptionState.Unpaid or SubscriptionState.Canceled when plan.Status != PlanStatus.Paused && Newer(plan, created, orSame: false):
                    plan.Status = PlanStatus.Paused;
                    plan.StatusEventAt = created;
                    await MoveAccessAsync(plan, EnrollmentStatus.Active, EnrollmentStatus.PaymentPaused, actor, AuditActions.Plan.Paused,
                        $"subscription {e.SubscriptionId} {e.State.ToString().ToLowerInvariant()}, {plan.PaidCount} of {plan.Payments} paid", ct);
                    notices.Add(PlanEmailKind.AccessPaused, plan.Id);
                    break;
            }
            plan.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
            return true;
        }, ct));

    /// <summary>
    /// A full refund of one monthly payment ends access only when no other payment of the plan is still paid (an
    /// admin who wants to end it sooner ticks "end access"). False for a payment that is not a plan's.
    /// </summary>
    public static async Task<bool> OtherPlanPaymentsStillPaidAsync(AppDbContext db, Payment payment, CancellationToken ct)
    {
        var planId = await db.PlanInvoices.Where(i => i.PaymentId == payment.Id).Select(i => (Guid?)i.PlanId).SingleOrDefaultAsync(ct);
        if (planId is null) return false;
        return await db.PlanInvoices.AnyAsync(i => i.PlanId == planId && i.PaymentId != null && i.PaymentId != payment.Id
            && i.Payment!.RefundedMinor < i.Payment.AmountMinor, ct);
    }

    private static bool Newer(PaymentPlan plan, DateTimeOffset created, bool orSame) =>
        plan.StatusEventAt is not { } at || created > at || (orSame && created == at);

    private static void Identify(PaymentPlan plan, string? subscriptionId, string? customerId)
    {
        plan.SubscriptionId ??= subscriptionId;
        plan.CustomerId ??= customerId;
    }

    private async Task<PlanInvoice> InvoiceAsync(PaymentPlan plan, PlanInvoiceInfo inv, DateTimeOffset now, CancellationToken ct)
    {
        var invoice = await db.PlanInvoices.SingleOrDefaultAsync(i => i.InvoiceId == inv.InvoiceId, ct);
        if (invoice is not null) return invoice;
        invoice = new PlanInvoice
        {
            Id = Guid.CreateVersion7(now),
            PlanId = plan.Id,
            InvoiceId = inv.InvoiceId,
            AmountMinor = inv.AmountDue,
            Currency = inv.Currency,
            Status = PlanInvoiceStatus.Open,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.PlanInvoices.Add(invoice);
        return invoice;
    }

    /// <summary>The first payment: her enrollment begins (or returns, keeping its start, after an earlier refund).</summary>
    private async Task StartAsync(PaymentPlan plan, AuditActor actor, CancellationToken ct)
    {
        if (plan.Status == PlanStatus.Pending) plan.Status = PlanStatus.Active;
        if (plan.EnrollmentId is not null || plan.UserId is null) return;
        var now = time.GetUtcNow();
        var inserted = await CheckoutSql.AddPurchaseEnrollmentUnlessKnownAsync(db, Guid.CreateVersion7(now), plan.UserId, plan.CourseId, now, ct);
        var enrollment = await CheckoutSql.LockEnrollmentAsync(db, plan.UserId, plan.CourseId, ct)
            ?? throw new InvalidOperationException($"The enrollment of user {plan.UserId} in course {plan.CourseId} was not recorded.");
        plan.EnrollmentId = enrollment.Id;
        if (inserted == 0 && !enrollment.IsActive)
        {
            enrollment.Source = EnrollmentSource.Purchase;
            await db.SaveChangesAsync(ct);
            await enrollments.SetStatusAsync(enrollment.Id, EnrollmentStatus.Active, ct);
        }
        AuditLog.Write(db, time, actor, AuditActions.Plan.Started, plan.UserId, $"plan:{plan.Id}",
            $"{PlanTerms.Describe(new PlanTerms(plan.Payments, plan.AmountMinor), plan.Currency)}, session {plan.CheckoutSessionId}");
        enrollments.SweepSoon();
    }

    private Task ResumeAsync(PaymentPlan plan, AuditActor actor, string why, CancellationToken ct) =>
        MoveAccessAsync(plan, EnrollmentStatus.PaymentPaused, EnrollmentStatus.Active, actor, AuditActions.Plan.Resumed, why, ct);

    /// <summary>Moves her enrollment only from <paramref name="from"/>: a refund, a revoke or a dispute is never undone here.</summary>
    private async Task MoveAccessAsync(PaymentPlan plan, EnrollmentStatus from, EnrollmentStatus to, AuditActor actor, string action, string details, CancellationToken ct)
    {
        if (plan.EnrollmentId is not { } id) return;
        var current = await db.Enrollments.Where(e => e.Id == id).Select(e => e.Status).SingleAsync(ct);
        if (current != from) return;
        await db.SaveChangesAsync(ct);
        await enrollments.SetStatusAsync(id, to, ct);
        AuditLog.Write(db, time, actor, action, plan.UserId, $"enrollment:{id}", $"{from} -> {to}; {details}");
    }
}
