using System.ComponentModel.DataAnnotations;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Author;

/// <summary>
/// Course settings staff change in the app (the rest comes with the course files): how many lessons a student may
/// open early, and the course page's text (tagline, description, author, for whom, FAQ). Audited, and seen on every
/// instance at once.
/// </summary>
public sealed partial class CourseSettings(AppDbContext db, TimeProvider time, CourseContentCache? content = null)
{
    public const int MaxEarlyUnlockLimit = 100;

    public Task<int?> EarlyUnlockLimitAsync(CancellationToken ct = default) =>
        db.Courses.AsNoTracking().TheCourse().Select(c => (int?)c.EarlyUnlockLimit).FirstOrDefaultAsync(ct);

    /// <summary>Sets the limit (0 = the drip as written), audited; the shared course content is rebuilt on every instance.</summary>
    public async Task<bool> SetEarlyUnlockLimitAsync(int limit, AuditActor actor, CancellationToken ct = default)
    {
        if (limit is < 0 or > MaxEarlyUnlockLimit) throw new ArgumentOutOfRangeException(nameof(limit), limit, $"The limit is 0 to {MaxEarlyUnlockLimit}.");
        var course = await db.Courses.TheCourse().FirstOrDefaultAsync(ct);
        if (course is null) return false;
        if (course.EarlyUnlockLimit == limit) return true;
        var before = course.EarlyUnlockLimit;
        course.EarlyUnlockLimit = limit;
        course.UpdatedAt = time.GetUtcNow();
        AuditLog.Write(db, time, actor, AuditActions.Course.EarlyUnlockChanged, null, $"course:{course.Id}", $"{before} → {limit}");
        await ContentWrites.RunAsync(db, content, ct => db.SaveChangesAsync(ct), ct);
        return true;
    }

    public async Task<SalesPageForm?> LoadAsync(CancellationToken ct = default) =>
        await db.Courses.AsNoTracking().TheCourse().FirstOrDefaultAsync(ct) is { } course ? SalesPageForm.From(course) : null;

    /// <summary>Null when saved, else what to fix.</summary>
    public async Task<string?> SaveAsync(SalesPageForm form, AuditActor actor, CancellationToken ct = default)
    {
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(form, new ValidationContext(form), errors, validateAllProperties: true)) return errors[0].ErrorMessage;
        var course = await db.Courses.TheCourse().FirstOrDefaultAsync(ct);
        if (course is null) return "There is no course yet: import one first.";
        var (page, problem) = form.ToSalesPage(course.SalesPage.Author);
        if (page is null) return problem;
        course.Tagline = form.Tagline?.Trim() ?? "";
        course.Description = (form.Description ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        course.SalesPage = page;
        db.ChangeTracker.DetectChanges();
        var changed = db.Entry(course).Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name).ToList();
        if (changed.Count == 0) return null;
        course.UpdatedAt = time.GetUtcNow();
        AuditLog.Write(db, time, actor, AuditActions.Course.SalesPageEdited, null, $"course:{course.Slug}", string.Join(", ", changed));
        await ContentWrites.RunAsync(db, content, ct => db.SaveChangesAsync(ct), ct);
        return null;
    }
}
