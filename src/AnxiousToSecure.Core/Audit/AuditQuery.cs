using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Audit;

public sealed record AuditFilter(string? Actor = null, string? Student = null, string? Action = null, DateOnly? From = null, DateOnly? To = null, int Page = 1, int PageSize = 50);

public sealed record AuditLine(DateTimeOffset At, string Actor, string Action, string? StudentEmail, string? Target, string? Details);

public sealed record AuditPage(IReadOnlyList<AuditLine> Lines, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Reading the audit log: by who acted, which student, which action and when; newest first.</summary>
public sealed class AuditQuery(AppDbContext db)
{
    public async Task<AuditPage> SearchAsync(AuditFilter f, CancellationToken ct = default)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.Actor)) entries = entries.Where(a => EF.Functions.ILike(a.Actor, SqlLike.Contains(f.Actor)));
        if (!string.IsNullOrWhiteSpace(f.Action)) entries = entries.Where(a => EF.Functions.ILike(a.Action, SqlLike.Contains(f.Action)));
        if (!string.IsNullOrWhiteSpace(f.Student))
        {
            var ids = db.Users.Where(u => EF.Functions.ILike(u.Email!, SqlLike.Contains(f.Student))).Select(u => u.Id);
            entries = entries.Where(a => a.SubjectUserId != null && ids.Contains(a.SubjectUserId));
        }
        if (f.From is { } from) entries = entries.Where(a => a.At >= new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        if (f.To is { } to) entries = entries.Where(a => a.At < new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));

        var page = Math.Max(1, f.Page);
        var size = Math.Clamp(f.PageSize, 10, 200);
        var total = await entries.CountAsync(ct);
        var lines = await entries.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Skip((page - 1) * size).Take(size)
            .Select(a => new AuditLine(a.At, a.Actor, a.Action, db.Users.Where(u => u.Id == a.SubjectUserId).Select(u => u.Email).FirstOrDefault(), a.Target, a.Details))
            .ToListAsync(ct);
        return new AuditPage(lines, total, page, size);
    }
}
