using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.Core.Stripe;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Admin;

public sealed record StudentSummary(
    string Id, string Email, string? Name, DateTimeOffset JoinedAt, bool EmailConfirmed, string? TimeZone, bool LessonEmails, IReadOnlyList<string> Roles);

public sealed record EnrollmentSummary(
    Guid Id, EnrollmentStatus Status, EnrollmentSource Source, DateTimeOffset StartedAt, DateTimeOffset CreatedAt,
    DateTimeOffset StatusChangedAt, DateTimeOffset? PausedAt, int PausedDays, int CompletedLessons);

/// <summary>One lesson for one student. Of her journal only whether an entry exists is known here, never its text.</summary>
public sealed record LessonProgressLine(
    int Position, string Lesson, DateTimeOffset? ReleasedAt, DateTimeOffset? LastViewedAt, DateTimeOffset? CompletedAt, bool HasJournalEntry);

public sealed record DripEmailLine(
    long Id, string Lesson, DripEmailStatus Status, int Attempts, DateTimeOffset ReleasedAt, DateTimeOffset? SentAt, DateTimeOffset? NextAttemptAt, string? LastError);

public sealed record RefundLine(DateTimeOffset CreatedAt, long AmountMinor, RefundStatus Status, string Reason, string? FailureReason);

public sealed record DisputeLine(string StripeDisputeId, long AmountMinor, string Status, string Reason, DateTimeOffset? EvidenceDueBy, DateTimeOffset? ClosedAt);

public sealed record PaymentLine(
    Guid Id, DateTimeOffset CreatedAt, DateTimeOffset? PaidAt, long AmountMinor, long RefundedMinor, string Currency, PaymentStatus Status,
    bool HasPaymentIntent, IReadOnlyList<RefundLine> Refunds, IReadOnlyList<DisputeLine> Disputes)
{
    public bool Refundable => PaymentRules.IsRefundable(Status, HasPaymentIntent, AmountMinor, RefundedMinor);
}

public sealed record StudentRecord(
    StudentSummary Student,
    EnrollmentSummary? Enrollment,
    IReadOnlyList<PaymentLine> Payments,
    IReadOnlyList<LessonProgressLine> Lessons,
    IReadOnlyList<DripEmailLine> Emails,
    IReadOnlyList<AuditLine> EnrollmentHistory,
    IReadOnlyList<AuditLine> AuditTrail,
    int JournalEntries);

/// <summary>
/// Everything an admin may know about one student, on one page. Opening it is itself written to
/// the audit log. Her journal stays hers: only a count and which lessons have an entry.
/// </summary>
public sealed class StudentRecords(AppDbContext db, TimeProvider time)
{
    public const int TrailLength = 200;

    /// <summary>
    /// The record of <paramref name="userId"/>, or null if there is no such account. Writes
    /// <c>student.viewed</c> for <paramref name="viewer"/>; null only while a form post is handled,
    /// which redirects to a page that is itself a view.
    /// </summary>
    public async Task<StudentRecord?> OpenAsync(string userId, AuditActor? viewer, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return null;
        if (viewer is not null)
        {
            AuditLog.Write(db, time, viewer, AuditActions.Student.Viewed, userId, $"user:{userId}");
            await db.SaveChangesAsync(ct);
        }

        var roles = await db.UserRoles.Where(r => r.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).Order().ToListAsync(ct);
        var student = new StudentSummary(user.Id, user.Email ?? "", user.DisplayName, user.CreatedAt, user.EmailConfirmed, user.TimeZone, user.LessonEmails, roles);

        var enrollment = await db.Enrollments.AsNoTracking().Hers(userId, db.Courses)
            .Select(e => new EnrollmentSummary(e.Id, e.Status, e.Source, e.StartedAt, e.CreatedAt, e.StatusChangedAt, e.PausedAt, e.PausedDays, e.CompletedLessons))
            .SingleOrDefaultAsync(ct);

        var payments = await db.Payments.AsNoTracking().Where(p => p.UserId == userId).Where(PaymentRules.IsPurchase)
            .OrderByDescending(p => p.CreatedAt)
            .Select(p => new PaymentLine(p.Id, p.CreatedAt, p.PaidAt, p.AmountMinor, p.RefundedMinor, p.Currency, p.Status, p.PaymentIntentId != null,
                p.Refunds.OrderBy(r => r.CreatedAt).Select(r => new RefundLine(r.CreatedAt, r.AmountMinor, r.Status, r.Reason, r.FailureReason)).ToList(),
                db.Disputes.Where(d => d.PaymentId == p.Id).OrderBy(d => d.CreatedAt)
                    .Select(d => new DisputeLine(d.StripeDisputeId, d.AmountMinor, d.Status, d.Reason, d.EvidenceDueBy, d.ClosedAt)).ToList()))
            .ToListAsync(ct);

        var journal = await db.JournalEntries.Where(j => j.UserId == userId).Select(j => j.LessonId).ToHashSetAsync(ct);
        List<LessonProgressLine> lessons = [];
        List<DripEmailLine> emails = [];
        if (enrollment is not null)
        {
            var progress = await db.LessonProgress.AsNoTracking().Where(p => p.EnrollmentId == enrollment.Id).ToDictionaryAsync(p => p.LessonId, ct);
            var releases = await db.LessonReleases.AsNoTracking().Where(r => r.EnrollmentId == enrollment.Id).ToDictionaryAsync(r => r.LessonId, ct);
            var courseLessons = await db.Lessons.AsNoTracking()
                .Where(l => l.CourseId == db.Enrollments.Where(e => e.Id == enrollment.Id).Select(e => e.CourseId).First())
                .Where(l => l.Published || progress.Keys.Contains(l.Id) || releases.Keys.Contains(l.Id))
                .OrderBy(l => l.Module!.Position).ThenBy(l => l.Position)
                .Select(l => new { l.Id, l.Title })
                .ToListAsync(ct);
            lessons = [.. courseLessons.Select((l, i) =>
            {
                progress.TryGetValue(l.Id, out var p);
                releases.TryGetValue(l.Id, out var r);
                return new LessonProgressLine(i + 1, l.Title, r?.ReleasedAt, p?.LastViewedAt, p?.CompletedAt, journal.Contains(l.Id));
            })];
            var titles = courseLessons.ToDictionary(l => l.Id, l => l.Title);
            emails = [.. releases.Values.OrderByDescending(r => r.ReleasedAt).ThenByDescending(r => r.Id)
                .Select(r => new DripEmailLine(r.Id, titles.GetValueOrDefault(r.LessonId, "(deleted lesson)"), r.EmailStatus, r.Attempts, r.ReleasedAt, r.SentAt, r.NextAttemptAt, r.LastError))];
        }

        var trail = await AuditQuery.Readable(db, db.AuditEntries.AsNoTracking().Where(a => a.SubjectUserId == userId)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(TrailLength))
            .ToListAsync(ct);
        // Its own query: page views in the trail must never push the history out of sight.
        var history = await AuditQuery.Readable(db, db.AuditEntries.AsNoTracking()
            .Where(a => a.SubjectUserId == userId && (a.Action.StartsWith(AuditActions.Enrollment.Prefix) || a.Action.StartsWith(AuditActions.Payment.Prefix)
                || a.Action.StartsWith(AuditActions.Refund.Prefix) || a.Action.StartsWith(AuditActions.Dispute.Prefix)))
            .OrderBy(a => a.At).ThenBy(a => a.Id))
            .ToListAsync(ct);

        return new StudentRecord(student, enrollment, payments, lessons, emails, history, trail, journal.Count);
    }
}
