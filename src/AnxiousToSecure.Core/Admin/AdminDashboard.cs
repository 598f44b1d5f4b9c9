using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.Core.Stripe;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Admin;

/// <summary>A period of whole UTC days, both ends included.</summary>
public sealed record DashboardPeriod(DateOnly From, DateOnly To)
{
    public DateTimeOffset Start => new(From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    public DateTimeOffset End => new(To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The last <paramref name="days"/> days up to and including today.</summary>
    public static DashboardPeriod LastDays(DateTimeOffset now, int days)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return new(today.AddDays(1 - days), today);
    }
}

/// <summary>Money in one currency for a period: what came in, what went back, and what is left.</summary>
public sealed record RevenueFigure(string Currency, long GrossMinor, long RefundedMinor, int Payments, int Refunds)
{
    public long NetMinor => GrossMinor - RefundedMinor;
}

public sealed record OpenDisputesFigure(string Currency, int Count, long AmountMinor);

/// <summary>How many of the period's new students completed one lesson.</summary>
public sealed record FunnelStep(int Position, string Lesson, int Students);

public sealed record DashboardFigures(
    DashboardPeriod Period,
    int ActiveStudents,
    int NewStudents,
    IReadOnlyList<RevenueFigure> Revenue,
    IReadOnlyList<OpenDisputesFigure> OpenDisputes,
    IReadOnlyList<FunnelStep> Funnel);

/// <summary>
/// The admin's figures. Counts of now (active students, open disputes; email and the rest in <see cref="SystemStatus"/>) and of the
/// period (money in and refunded, new students and how far they got).
/// </summary>
public sealed class AdminDashboard(AppDbContext db)
{
    private static readonly PaymentStatus[] Collected =
        [PaymentStatus.Paid, PaymentStatus.PartiallyRefunded, PaymentStatus.Refunded, PaymentStatus.Disputed];

    private static readonly RefundStatus[] Returned = [RefundStatus.Pending, RefundStatus.Succeeded];

    public async Task<DashboardFigures> GetAsync(DashboardPeriod period, CancellationToken ct = default)
    {
        var (start, end) = (period.Start, period.End);

        var active = await db.Enrollments.CountAsync(e => e.Status == EnrollmentStatus.Active, ct);
        var cohort = db.Enrollments.Where(e => e.StartedAt >= start && e.StartedAt < end);
        var newStudents = await cohort.CountAsync(ct);

        var paid = await db.Payments.Where(p => Collected.Contains(p.Status) && p.PaidAt >= start && p.PaidAt < end)
            .GroupBy(p => p.Currency)
            .Select(g => new { Currency = g.Key, Sum = g.Sum(p => p.AmountMinor), Count = g.Count() })
            .ToListAsync(ct);
        var refunded = await db.Refunds.Where(r => Returned.Contains(r.Status) && r.CreatedAt >= start && r.CreatedAt < end)
            .GroupBy(r => r.Payment!.Currency)
            .Select(g => new { Currency = g.Key, Sum = g.Sum(r => r.AmountMinor), Count = g.Count() })
            .ToListAsync(ct);
        var revenue = paid.Select(p => p.Currency).Union(refunded.Select(r => r.Currency)).Order()
            .Select(c =>
            {
                var p = paid.FirstOrDefault(x => x.Currency == c);
                var r = refunded.FirstOrDefault(x => x.Currency == c);
                return new RevenueFigure(c, p?.Sum ?? 0, r?.Sum ?? 0, p?.Count ?? 0, r?.Count ?? 0);
            })
            .ToList();

        var disputes = await db.Disputes.Where(d => d.ClosedAt == null)
            .GroupBy(d => d.Currency)
            .Select(g => new OpenDisputesFigure(g.Key, g.Count(), g.Sum(d => d.AmountMinor)))
            .ToListAsync(ct);

        var completions = await db.LessonProgress
            .Where(p => p.CompletedAt != null && p.Enrollment!.StartedAt >= start && p.Enrollment.StartedAt < end)
            .GroupBy(p => p.LessonId)
            .Select(g => new { LessonId = g.Key, Students = g.Count() })
            .ToDictionaryAsync(x => x.LessonId, x => x.Students, ct);
        var courseId = await db.Courses.TheCourse().Select(c => (int?)c.Id).FirstOrDefaultAsync(ct);
        var lessons = await db.Lessons.Where(l => l.CourseId == courseId && l.Published)
            .OrderBy(l => l.Module!.Position).ThenBy(l => l.Position)
            .Select(l => new { l.Id, l.Title })
            .ToListAsync(ct);
        var funnel = lessons.Select((l, i) => new FunnelStep(i + 1, l.Title, completions.GetValueOrDefault(l.Id))).ToList();

        return new DashboardFigures(period, active, newStudents, revenue, disputes, funnel);
    }
}
