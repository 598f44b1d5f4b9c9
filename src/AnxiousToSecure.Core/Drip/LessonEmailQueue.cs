using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Drip;

public sealed record LessonEmailProblem(
    long Id,
    string StudentEmail,
    string LessonTitle,
    DripEmailStatus Status,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    string? LastError,
    DateTimeOffset ReleasedAt);

/// <summary>What admins see of the outbox: emails that failed for good, and those still being retried.</summary>
public sealed class LessonEmailQueue(AppDbContext db, TimeProvider time)
{
    public Task<List<LessonEmailProblem>> ProblemsAsync(int limit = 200, CancellationToken ct = default) =>
        db.LessonReleases.AsNoTracking()
            .Where(r => r.EmailStatus == DripEmailStatus.Failed || (r.EmailStatus == DripEmailStatus.Pending && r.Attempts > 0))
            .OrderByDescending(r => r.EmailStatus == DripEmailStatus.Failed).ThenBy(r => r.ReleasedAt)
            .Take(limit)
            .Select(r => new LessonEmailProblem(r.Id, r.Enrollment!.User!.Email ?? "", r.Lesson!.Title, r.EmailStatus, r.Attempts, r.NextAttemptAt, r.LastError, r.ReleasedAt))
            .ToListAsync(ct);

    public Task<int> CountsAsync(DripEmailStatus status, CancellationToken ct = default) =>
        db.LessonReleases.CountAsync(r => r.EmailStatus == status, ct);

    /// <summary>Gives a failed email a fresh set of tries, starting with the next sweep. Only failed emails can be retried.</summary>
    public async Task<bool> RetryAsync(long releaseId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        return await db.LessonReleases.Where(r => r.Id == releaseId && r.EmailStatus == DripEmailStatus.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.EmailStatus, DripEmailStatus.Pending)
                .SetProperty(r => r.Attempts, 0)
                .SetProperty(r => r.NextAttemptAt, now), ct) == 1;
    }
}
