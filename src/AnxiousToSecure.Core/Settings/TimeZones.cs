using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Settings;

/// <summary>
/// Her time zone: the one the browser reported at sign-up or she chose in settings, else the
/// course's. Only IANA names are kept ("Europe/London"), so every server and her browser read the
/// same zone the same way.
/// </summary>
public sealed class TimeZones(AppDbContext db, CourseContentCache content)
{
    /// <summary>The longest name the user column holds.</summary>
    public const int MaxLength = 64;

    private readonly Dictionary<string, TimeZoneInfo> resolved = new(StringComparer.Ordinal);

    /// <summary>An IANA zone this server knows, e.g. from <c>Intl.DateTimeFormat().resolvedOptions().timeZone</c>.</summary>
    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= MaxLength }
        && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
        && zone.HasIanaId
        && string.Equals(zone.Id, id, StringComparison.Ordinal);

    /// <summary>The name to keep, or null for anything that is not a zone (she then gets the course's).</summary>
    public static string? Normalize(string? id) => IsValid(id?.Trim()) ? id!.Trim() : null;

    /// <summary>The zones offered in settings, e.g. "Europe/London"; the Etc/ and legacy aliases are left out.</summary>
    public static IReadOnlyList<string> Choices { get; } = [.. TimeZoneInfo.GetSystemTimeZones()
        .Select(z => z.Id)
        .Where(id => id.Contains('/', StringComparison.Ordinal) && !id.StartsWith("Etc/", StringComparison.Ordinal) && char.IsUpper(id[0]))
        .Order(StringComparer.Ordinal)];

    /// <summary>Her zone as this request already read it with the rest of her state (<see cref="Learn.StudentCourse.Zone"/>): not read again.</summary>
    public void Know(string userId, TimeZoneInfo zone) => resolved[userId] = zone;

    /// <summary>The zone dates are shown in for this reader (a student, or an admin reading records); once per request.</summary>
    public async Task<TimeZoneInfo> ForAsync(string? userId, CancellationToken ct = default)
    {
        var key = userId ?? "";
        if (resolved.TryGetValue(key, out var known)) return known;
        var own = userId is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.TimeZone).SingleOrDefaultAsync(ct);
        var course = (await content.GetAsync(ct))?.Course.DefaultTimeZone ?? "UTC";
        return resolved[key] = UnlockSchedule.ResolveZone(own, course);
    }
}
