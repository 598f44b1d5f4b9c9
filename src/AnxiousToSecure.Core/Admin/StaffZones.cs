using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Admin;

/// <summary>
/// The time zone a staff member reads the admin pages in: her own (set in her account settings),
/// else the course's, by the same rule as a student's (<see cref="UnlockSchedule.ResolveZone"/>).
/// </summary>
public sealed class StaffZones(AppDbContext db)
{
    public async Task<TimeZoneInfo> OfAsync(string? userId, CancellationToken ct = default)
    {
        var zones = await db.Courses.AsNoTracking().TheCourse()
            .Select(c => new { Course = c.DefaultTimeZone, Hers = db.Users.Where(u => u.Id == userId).Select(u => u.TimeZone).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        if (zones is null)
        {
            var hers = userId is null ? null : await db.Users.Where(u => u.Id == userId).Select(u => u.TimeZone).FirstOrDefaultAsync(ct);
            return UnlockSchedule.ResolveZone(hers, "UTC");
        }
        return UnlockSchedule.ResolveZone(zones.Hers, zones.Course);
    }
}
