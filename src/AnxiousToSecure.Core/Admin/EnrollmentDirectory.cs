using System.Globalization;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Admin;

public enum ProgressBand
{
    Any,
    NotStarted,
    UnderHalf,
    HalfOrMore,
    Finished,
}

public enum EnrollmentSort
{
    Newest,
    Oldest,
    MostProgress,
    LeastProgress,
}

/// <summary>What the admin asked for: any part of an email or name, a status, a start-date range (UTC days) and a progress band.</summary>
public sealed record EnrollmentFilter(
    string? Search = null,
    EnrollmentStatus? Status = null,
    DateOnly? StartedFrom = null,
    DateOnly? StartedTo = null,
    ProgressBand Progress = ProgressBand.Any,
    EnrollmentSort Sort = EnrollmentSort.Newest,
    int Page = 1,
    int PageSize = 50);

public sealed record EnrollmentRow(
    Guid EnrollmentId,
    string UserId,
    string Email,
    string? Name,
    EnrollmentStatus Status,
    EnrollmentSource Source,
    DateTimeOffset StartedAt,
    int CompletedLessons,
    int PercentComplete,
    bool Paused);

public sealed record EnrollmentPage(IReadOnlyList<EnrollmentRow> Rows, int Total, int Page, int PageSize, int PublishedLessons)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// The admin's table of enrollments: search, filter, sort, page, and the same rows as CSV. Progress
/// is the count of completed lessons kept on the enrollment, so filtering by it needs no aggregate.
/// </summary>
public sealed class EnrollmentDirectory(AppDbContext db)
{
    public static readonly string[] CsvHeader =
        ["email", "name", "status", "source", "started_at_utc", "completed_lessons", "percent_complete", "paused", "enrollment_id"];

    public async Task<EnrollmentPage> SearchAsync(EnrollmentFilter filter, CancellationToken ct = default)
    {
        var published = await PublishedLessonsAsync(db, ct);
        var query = Filtered(db, filter, published);
        var page = Math.Max(1, filter.Page);
        var size = Math.Clamp(filter.PageSize, 10, 200);
        var total = await query.CountAsync(ct);
        var rows = await Rows(Sorted(query, filter.Sort).Skip((page - 1) * size).Take(size), published).ToListAsync(ct);
        return new EnrollmentPage(rows, total, page, size, published);
    }

    /// <summary>
    /// Writes every row that matches (not only one page), streamed from the database, as RFC 4180
    /// CSV. Text that a spreadsheet would run as a formula is escaped. Returns the number of rows.
    /// </summary>
    public async Task<int> WriteCsvAsync(EnrollmentFilter filter, Stream destination, CancellationToken ct = default)
    {
        var published = await PublishedLessonsAsync(db, ct);
        var rows = Rows(Sorted(Filtered(db, filter, published), filter.Sort), published).AsAsyncEnumerable();
        await using var csv = CsvWriter.Create(destination, CsvWriterOptions.Default with { Injection = CsvInjection.Escape }, leaveOpen: true);
        await csv.WriteRecordAsync(CsvHeader, ct);
        var count = 0;
        await foreach (var r in rows.WithCancellation(ct))
        {
            await csv.WriteRecordAsync(
                [
                    r.Email,
                    r.Name ?? "",
                    r.Status.ToString(),
                    r.Source.ToString(),
                    r.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    r.CompletedLessons.ToString(CultureInfo.InvariantCulture),
                    r.PercentComplete.ToString(CultureInfo.InvariantCulture),
                    r.Paused ? "yes" : "no",
                    r.EnrollmentId.ToString(),
                ], ct);
            count++;
        }
        await csv.FlushAsync(ct);
        return count;
    }

    private static Task<int> PublishedLessonsAsync(AppDbContext db, CancellationToken ct)
    {
        var course = db.Courses.TheCourse().Select(c => c.Id);
        return db.Lessons.CountAsync(l => l.Published && course.Contains(l.CourseId), ct);
    }

    private static IQueryable<Enrollment> Filtered(AppDbContext db, EnrollmentFilter f, int published)
    {
        var q = db.Enrollments.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.Search))
        {
            var like = SqlLike.Contains(f.Search);
            q = q.Where(e => EF.Functions.ILike(e.User!.Email!, like) || EF.Functions.ILike(e.User!.DisplayName!, like));
        }
        if (f.Status is { } status) q = q.Where(e => e.Status == status);
        if (f.StartedFrom is { } from) q = q.Where(e => e.StartedAt >= StartOf(from));
        if (f.StartedTo is { } to) q = q.Where(e => e.StartedAt < StartOf(to.AddDays(1)));
        return f.Progress switch
        {
            ProgressBand.NotStarted => q.Where(e => e.CompletedLessons == 0),
            ProgressBand.UnderHalf => q.Where(e => e.CompletedLessons > 0 && e.CompletedLessons * 2 < published),
            ProgressBand.HalfOrMore => q.Where(e => e.CompletedLessons * 2 >= published && e.CompletedLessons < published),
            ProgressBand.Finished => q.Where(e => e.CompletedLessons >= published),
            _ => q,
        };
    }

    private static IQueryable<Enrollment> Sorted(IQueryable<Enrollment> q, EnrollmentSort sort) => sort switch
    {
        EnrollmentSort.Oldest => q.OrderBy(e => e.StartedAt).ThenBy(e => e.Id),
        EnrollmentSort.MostProgress => q.OrderByDescending(e => e.CompletedLessons).ThenByDescending(e => e.StartedAt).ThenBy(e => e.Id),
        EnrollmentSort.LeastProgress => q.OrderBy(e => e.CompletedLessons).ThenByDescending(e => e.StartedAt).ThenBy(e => e.Id),
        _ => q.OrderByDescending(e => e.StartedAt).ThenBy(e => e.Id),
    };

    private static IQueryable<EnrollmentRow> Rows(IQueryable<Enrollment> q, int published) =>
        q.Select(e => new EnrollmentRow(
            e.Id,
            e.UserId,
            e.User!.Email ?? "",
            e.User!.DisplayName,
            e.Status,
            e.Source,
            e.StartedAt,
            e.CompletedLessons,
            ProgressPercent.Of(e.CompletedLessons, published),
            e.PausedAt != null));

    private static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
