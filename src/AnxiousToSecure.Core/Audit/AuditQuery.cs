using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Audit;

/// <summary>A search of the log. <see cref="From"/> and <see cref="To"/> are whole days in <see cref="Zone"/> (the reader's), UTC when none is given.</summary>
public sealed record AuditFilter(string? Actor = null, string? Student = null, string? Action = null, DateOnly? From = null, DateOnly? To = null, int Page = 1, int PageSize = 50)
{
    public TimeZoneInfo? Zone { get; init; }
}

/// <summary>
/// One entry as people read it: the stored row with who and what it names resolved to names.
/// <see cref="ActorName"/> and <see cref="SubjectName"/> are display names (else emails);
/// <see cref="SubjectGone"/>: the entry was about an account that no longer exists.
/// <see cref="TargetName"/>: the title of the lesson or module the entry is about, if it still exists.
/// </summary>
public sealed record AuditLine(
    long Id, DateTimeOffset At, string Actor, string Action, string? StudentId, string? StudentEmail, string? Target, string? Details,
    string? ActorName = null, string? SubjectName = null, bool SubjectGone = false, string? TargetName = null)
{
    /// <summary>What the page calls someone who is no longer there (a deleted account, or the marker the deletion left).</summary>
    public const string DeletedAccount = "a deleted account";

    /// <summary>Who acted, for a sentence: a person's name, "Stripe", "The system" or "A deleted account".</summary>
    public string Who => ActorName is { Length: > 0 } name ? name
        : Actor == AuditActor.DeletedAccountName ? "A deleted account"
        : Actor == AuditActor.System.Name ? "The system"
        : Actor;

    /// <summary>The student the entry is about, for a sentence; null when it is about no one.</summary>
    public string? Whom => SubjectGone ? DeletedAccount : SubjectName;
}

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
            var ids = db.Users.Where(u => EF.Functions.ILike(u.Email!, SqlLike.Contains(f.Student)) || EF.Functions.ILike(u.DisplayName!, SqlLike.Contains(f.Student))).Select(u => u.Id);
            entries = entries.Where(a => a.SubjectUserId != null && ids.Contains(a.SubjectUserId));
        }
        var zone = f.Zone ?? TimeZoneInfo.Utc;
        if (f.From is { } from)
        {
            var start = UnlockSchedule.AtLocalTime(from, TimeOnly.MinValue, zone).ToUniversalTime();
            entries = entries.Where(a => a.At >= start);
        }
        if (f.To is { } to)
        {
            var end = UnlockSchedule.AtLocalTime(to.AddDays(1), TimeOnly.MinValue, zone).ToUniversalTime();
            entries = entries.Where(a => a.At < end);
        }

        var page = Math.Max(1, f.Page);
        var size = Math.Clamp(f.PageSize, 10, 200);
        var total = await entries.CountAsync(ct);
        var lines = await Readable(db, entries.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Skip((page - 1) * size).Take(size))
            .ToListAsync(ct);
        return new AuditPage(lines, total, page, size);
    }

    /// <summary>
    /// The entries with the people and the lesson or module they name, in the same query: the actor
    /// and student by their current name (else email), a lesson or module target by its title. Keeps
    /// the order of <paramref name="entries"/>.
    /// </summary>
    internal static IQueryable<AuditLine> Readable(AppDbContext db, IQueryable<AuditEntry> entries) =>
        entries.Select(a => new AuditLine(
            a.Id, a.At, a.Actor, a.Action, a.SubjectUserId,
            db.Users.Where(u => u.Id == a.SubjectUserId).Select(u => u.Email).FirstOrDefault(),
            a.Target, a.Details,
            db.Users.Where(u => u.Id == a.ActorId).Select(u => u.DisplayName ?? u.Email).FirstOrDefault(),
            db.Users.Where(u => u.Id == a.SubjectUserId).Select(u => u.DisplayName ?? u.Email).FirstOrDefault(),
            a.SubjectUserId != null && !db.Users.Any(u => u.Id == a.SubjectUserId),
            a.Target!.StartsWith(AuditTargets.LessonPrefix)
                ? db.Lessons.Where(l => AuditTargets.LessonPrefix + l.Id.ToString() == a.Target).Select(l => l.Title).FirstOrDefault()
                : a.Target!.StartsWith(AuditTargets.ModulePrefix)
                    ? db.Modules.Where(m => AuditTargets.ModulePrefix + m.Id.ToString() == a.Target).Select(m => m.Title).FirstOrDefault()
                    : null));
}

/// <summary>The prefixes of <see cref="AuditEntry.Target"/> that name something with a title.</summary>
public static class AuditTargets
{
    public const string LessonPrefix = "lesson:";
    public const string ModulePrefix = "module:";
}
