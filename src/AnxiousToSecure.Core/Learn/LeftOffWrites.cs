using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Core.Learn;

/// <summary>How often "where she left off" is written; the marks of every view in between go in one statement.</summary>
public sealed class LeftOffOptions
{
    public const string Section = "Learn";

    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan LeftOffFlushInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// "Where she left off", written behind the page instead of during it: opening a lesson notes the mark here (and
/// in this instance's <see cref="HerStateCache"/>), and <see cref="LeftOffFlusher"/> writes every mark noted since
/// the last time in one statement. Until then this instance reads her state with the mark laid over it
/// (<see cref="Overlay"/>), so her own pages never go back; other instances see it once written, through the
/// table's notification. The price: a process that dies without stopping loses the marks of its last second,
/// which only moves "Continue" back to the lesson before; nothing she wrote or completed goes this way.
/// </summary>
public sealed class LeftOffWrites
{
    private readonly Lock gate = new();
    private readonly SemaphoreSlim flushing = new(1, 1);
    private Dictionary<Guid, Dictionary<int, DateTimeOffset>> pending = [];

    public int Pending
    {
        get
        {
            lock (gate) return pending.Sum(p => p.Value.Count);
        }
    }

    public void Record(Guid enrollmentId, int lessonId, DateTimeOffset viewedAt)
    {
        lock (gate) Merge(pending, enrollmentId, lessonId, viewedAt);
    }

    /// <summary>Her state as read from the database, with the marks not written yet laid over it.</summary>
    public HerCourse Overlay(HerCourse her)
    {
        if (her.Enrollment is not { } enrollment) return her;
        KeyValuePair<int, DateTimeOffset>[] marks;
        lock (gate)
        {
            if (!pending.TryGetValue(enrollment.Id, out var hers)) return her;
            marks = [.. hers];
        }
        var progress = new Dictionary<int, LessonProgress>(her.Progress);
        foreach (var (lessonId, at) in marks)
        {
            progress[lessonId] = progress.TryGetValue(lessonId, out var p)
                ? new LessonProgress { EnrollmentId = p.EnrollmentId, LessonId = lessonId, CompletedAt = p.CompletedAt, LastViewedAt = p.LastViewedAt > at ? p.LastViewedAt : at, AudioPositionSeconds = p.AudioPositionSeconds }
                : new LessonProgress { EnrollmentId = enrollment.Id, LessonId = lessonId, LastViewedAt = at };
        }
        return her with { Progress = progress };
    }

    /// <summary>Writes every mark noted so far in one statement; on failure, and for an enrollment busy just then, they are kept for the next try. Returns how many were written (or vanished with their enrollment or lesson).</summary>
    public async Task<int> FlushAsync(AppDbContext db, CancellationToken ct = default)
    {
        // One write at a time: when this returns, every mark noted before it was called is in the table (or kept
        // for a busy enrollment), never still on its way in another caller's batch.
        await flushing.WaitAsync(ct);
        try
        {
            return await FlushOnceAsync(db, ct);
        }
        finally
        {
            flushing.Release();
        }
    }

    private async Task<int> FlushOnceAsync(AppDbContext db, CancellationToken ct)
    {
        Dictionary<Guid, Dictionary<int, DateTimeOffset>> batch;
        lock (gate)
        {
            if (pending.Count == 0) return 0;
            batch = pending;
            pending = [];
        }
        var rows = batch.SelectMany(e => e.Value.Select(l => (Enrollment: e.Key, Lesson: l.Key, At: l.Value))).ToArray();
        List<Guid> busy;
        try
        {
            busy = await LearnSql.RecordLessonsViewedAsync(db, [.. rows.Select(r => r.Enrollment)], [.. rows.Select(r => r.Lesson)], [.. rows.Select(r => r.At)], ct);
        }
        catch
        {
            PutBack(rows);
            throw;
        }
        // The enrollments a "mark complete" held just then: their marks go in the next batch.
        var skipped = busy.ToHashSet();
        PutBack(rows.Where(r => skipped.Contains(r.Enrollment)));
        return rows.Count(r => !skipped.Contains(r.Enrollment));
    }

    private void PutBack(IEnumerable<(Guid Enrollment, int Lesson, DateTimeOffset At)> rows)
    {
        lock (gate)
        {
            foreach (var (e, l, at) in rows) Merge(pending, e, l, at);
        }
    }

    private static void Merge(Dictionary<Guid, Dictionary<int, DateTimeOffset>> into, Guid enrollmentId, int lessonId, DateTimeOffset at)
    {
        if (!into.TryGetValue(enrollmentId, out var hers)) into[enrollmentId] = hers = [];
        if (!hers.TryGetValue(lessonId, out var seen) || seen < at) hers[lessonId] = at;
    }
}

/// <summary>Writes <see cref="LeftOffWrites"/> every <see cref="LeftOffOptions.LeftOffFlushInterval"/>, and once more when the app stops.</summary>
public sealed class LeftOffFlusher(LeftOffWrites marks, IDbContextFactory<AppDbContext> contexts, IOptions<LeftOffOptions> options, ILogger<LeftOffFlusher> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LeftOffFlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await FlushAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            await marks.FlushAsync(db, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Kept for the next tick: the database may be restarting.
            log.LogWarning(e, "Could not record where {Count} students left off; trying again", marks.Pending);
        }
    }
}
