using System.Text.Json;
using AnxiousToSecure.Core.Admin;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Completion;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Feedback;
using AnxiousToSecure.Core.Journal;
using AnxiousToSecure.Core.Stripe;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AnxiousToSecure.Core.Accounts;

/// <summary>
/// "Download my data" and "delete my account". The download holds everything the site keeps about
/// her; deletion erases it, keeping only payment records (amounts, dates, Stripe ids) that
/// accounting needs, with nothing left that points to the person.
/// </summary>
public sealed class PersonalDataService(
    AppDbContext db, UserManager<ApplicationUser> users, JournalService journal, IPendingJobs pendingJobs, TimeProvider time, ILogger<PersonalDataService> log)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public async Task<byte[]> ExportAsync(ApplicationUser user, CancellationToken ct = default)
    {
        var enrollments = await db.Enrollments.AsNoTracking().Where(e => e.UserId == user.Id)
            .Select(e => new { e.Id, Status = e.Status.ToString(), Source = e.Source.ToString(), e.StartedAt, e.StatusChangedAt, e.PausedAt, e.PausedDays })
            .ToListAsync(ct);
        var progress = await db.LessonProgress.AsNoTracking().Where(p => p.Enrollment!.UserId == user.Id)
            .OrderBy(p => p.Lesson!.Module!.Position).ThenBy(p => p.Lesson!.Position)
            .Select(p => new { Lesson = p.Lesson!.Title, p.LastViewedAt, p.CompletedAt })
            .ToListAsync(ct);
        var lessonEmails = await db.LessonReleases.AsNoTracking().Where(r => r.Enrollment!.UserId == user.Id)
            .OrderBy(r => r.ReleasedAt)
            .Select(r => new { Lesson = r.Lesson!.Title, r.ReleasedAt, EmailStatus = r.EmailStatus.ToString(), r.SentAt })
            .ToListAsync(ct);
        var purchases = await db.Payments.AsNoTracking().Where(p => p.UserId == user.Id).OrderBy(p => p.CreatedAt)
            .Select(p => new
            {
                p.CreatedAt, p.PaidAt, Amount = MoneyText.Format(p.AmountMinor, p.Currency), Refunded = MoneyText.Format(p.RefundedMinor, p.Currency),
                Status = p.Status.ToString(), p.PaymentIntentId,
                Refunds = p.Refunds.Select(r => new { r.CreatedAt, Amount = MoneyText.Format(r.AmountMinor, p.Currency), Status = r.Status.ToString() }).ToList(),
            })
            .ToListAsync(ct);
        var refundRequests = await db.RefundRequests.AsNoTracking().Where(r => r.Payment!.UserId == user.Id).OrderBy(r => r.CreatedAt)
            .Select(r => new { r.CreatedAt, Purchase = r.Payment!.CreatedAt })
            .ToListAsync(ct);
        var plans = await db.PaymentPlans.AsNoTracking().Where(p => p.UserId == user.Id).OrderBy(p => p.CreatedAt)
            .Select(p => new
            {
                p.CreatedAt, p.Payments, Each = MoneyText.Format(p.AmountMinor, p.Currency), p.PaidCount, Status = p.Status.ToString(), p.EndedAt,
                Invoices = p.Invoices.OrderBy(i => i.CreatedAt).Select(i => new { i.CreatedAt, Amount = MoneyText.Format(i.AmountMinor, i.Currency), Status = i.Status.ToString(), i.PaidAt, i.FailedAt }).ToList(),
            })
            .ToListAsync(ct);
        var gifts = await db.Gifts.AsNoTracking().Where(g => g.BuyerId == user.Id).OrderBy(g => g.CreatedAt)
            .Select(g => new { g.CreatedAt, g.RecipientEmail, g.Message, g.DeliverOn, Status = g.Status.ToString(), g.SentAt, g.RedeemedAt })
            .ToListAsync(ct);
        var entries = await journal.ListAsync(user.Id, ct);
        var notes = await db.Set<CompletionNote>().AsNoTracking().Where(n => n.UserId == user.Id).OrderBy(n => n.CreatedAt)
            .Select(n => new { n.Text, Consent = n.Consent.ToString(), n.CreatedAt, n.UpdatedAt, n.ApprovedAt })
            .ToListAsync(ct);
        var toolkit = await db.ToolkitItems.AsNoTracking().Where(t => t.UserId == user.Id).OrderBy(t => t.SavedAt)
            .Select(t => new { Lesson = t.Lesson!.Title, t.Lesson.Practice, t.SavedAt })
            .ToListAsync(ct);
        var feedback = (await db.LessonFeedback.AsNoTracking().Where(f => f.UserId == user.Id).OrderBy(f => f.CreatedAt)
            .Select(f => new { Lesson = f.Lesson!.Title, f.Answer, f.Note, f.CreatedAt, f.UpdatedAt })
            .ToListAsync(ct)).Select(f => new { f.Lesson, Answer = FeedbackService.Label(f.Answer), f.Note, f.CreatedAt, f.UpdatedAt });
        var audit = await AuditAboutAsync(user.Id, ct);
        var data = new
        {
            ExportedAt = time.GetUtcNow(),
            Profile = new
            {
                user.Email, user.EmailConfirmed, user.DisplayName, user.TimeZone, user.CreatedAt,
                user.LessonEmails, LessonEmailFormat = user.LessonEmailFormat.ToString(), user.TwoFactorEnabled,
            },
            Enrollments = enrollments,
            Progress = progress,
            LessonEmails = lessonEmails,
            Purchases = purchases,
            RefundRequests = refundRequests,
            PaymentPlans = plans,
            GiftsGiven = gifts,
            Journal = entries.Select(e => new { e.LessonTitle, e.Prompt, e.Text, e.UpdatedAt }),
            NotesToTheAuthor = notes,
            Toolkit = toolkit,
            LessonFeedback = feedback,
            Audit = audit,
        };
        return JsonSerializer.SerializeToUtf8Bytes(data, Json);
    }

    /// <summary>
    /// Deletes the account in one transaction: profile, sign-ins, roles, enrollments, progress,
    /// lesson emails, journal, notes to the author, toolkit and lesson feedback (by cascade), the Stripe event payloads that name her, and her
    /// name in the audit log. Payments stay for the books with their user set to null.
    /// </summary>
    public async Task<IdentityResult> DeleteAccountAsync(ApplicationUser user, CancellationToken ct = default)
    {
        var result = await db.InTransactionAsync(async ct =>
        {
            await AdminSql.LockAdminRoleAsync(db, ct);
            if (await LastAdmin.IsLastAdminAsync(users, user))
            {
                return IdentityResult.Failed(new IdentityError { Code = nameof(LastAdmin), Description = LastAdmin.CannotDeleteAccount });
            }
            var intents = await db.Payments.Where(p => p.UserId == user.Id && p.PaymentIntentId != null).Select(p => p.PaymentIntentId!).ToListAsync(ct);
            var sessions = await db.Payments.Where(p => p.UserId == user.Id && p.CheckoutSessionId != null).Select(p => p.CheckoutSessionId!).ToListAsync(ct);
            // Stripe's payloads carry her email and id; the payment rows keep what the accounts need.
            await AccountsSql.DeleteStripeEventsNamingAsync(db, user.Id, [.. intents], [.. sessions], ct);
            await db.AuditEntries.Where(a => a.ActorId == user.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.ActorId, (string?)null).SetProperty(a => a.Actor, AuditActor.DeletedAccountName), ct);
            // A note of hers on the course page leaves it with her account, on every instance.
            if (await db.Set<CompletionNote>().AnyAsync(n => n.UserId == user.Id && n.ApprovedAt != null, ct))
            {
                await Catalog.CatalogSql.NotifyContentChangedAsync(db, ct);
            }
            return await users.DeleteAsync(user);
        }, commitIf: result => result.Succeeded, ct);
        if (result.Succeeded) RemovePendingJobs(user);
        return result;
    }

    /// <summary>
    /// Her account emails waiting in the job queue (by her id or address). After the commit, so a refused
    /// deletion keeps them; her lesson emails are release rows and went with her enrollment.
    /// </summary>
    private void RemovePendingJobs(ApplicationUser user)
    {
        try
        {
            var removed = pendingJobs.RemoveNaming([user.Id, user.Email ?? "", user.UserName ?? ""]);
            if (removed > 0) log.LogInformation("Removed {Count} pending jobs of deleted user {UserId}", removed, user.Id);
        }
        catch (Exception e)
        {
            // The account is gone either way; a job left behind fails on the missing account or bounces.
            log.LogError(e, "Could not remove the pending jobs of deleted user {UserId}", user.Id);
        }
    }

    /// <summary>
    /// Audit entries about her (what staff, Stripe or the system did to her account), newest last. Who acted is
    /// "you", "Stripe", "system" or "course staff": staff accounts are not hers to read.
    /// </summary>
    private async Task<List<AuditExportLine>> AuditAboutAsync(string userId, CancellationToken ct)
    {
        var entries = await db.AuditEntries.AsNoTracking().Where(a => a.SubjectUserId == userId).OrderBy(a => a.At).ThenBy(a => a.Id)
            .Select(a => new { a.At, a.ActorId, a.Actor, a.Action, a.Target, a.Details })
            .ToListAsync(ct);
        return [.. entries.Select(a => new AuditExportLine(a.At, a.Action, ActorShown(userId, a.ActorId, a.Actor), a.Target, a.Details))];
    }

    private static string ActorShown(string userId, string? actorId, string actor) =>
        actorId == userId ? "you" : actorId is null ? actor : "course staff";

    private sealed record AuditExportLine(DateTimeOffset At, string Action, string Actor, string? Target, string? Details);
}
