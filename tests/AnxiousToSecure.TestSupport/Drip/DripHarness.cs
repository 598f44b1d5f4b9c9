using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace AnxiousToSecure.TestSupport.Drip;

/// <summary>
/// A fresh app (own database, SMTP server and clock) for every drip test: the sweeper works on every
/// enrollment in the database and the clock only moves forward, so tests must not share them.
/// </summary>
public abstract class DripHarness : IAsyncLifetime
{
    protected static readonly CourseDocument Course = CourseContentReader.ReadFolder(TestPaths.CourseContent);

    protected static LessonDocument LessonOnDay(int day) => Course.Modules.SelectMany(m => m.Lessons).First(l => l.ReleaseAfterDays == day);

    /// <summary>The course's lessons in course order (days come from the course, so an edition that moves them moves the tests with it).</summary>
    protected static readonly IReadOnlyList<LessonDocument> Lessons = [.. Course.Modules.SelectMany(m => m.Lessons)];

    /// <summary>The first lesson after the welcome: the first that opens on a later morning.</summary>
    protected static LessonDocument SecondLesson => Lessons[1];

    /// <summary>
    /// 08:00 on her local day <paramref name="day"/> of a drip started at <paramref name="startedAt"/>
    /// (default <see cref="AppFactory.StartTime"/>), as an instant: when a lesson of that day opens for a student in <paramref name="zone"/>.
    /// </summary>
    protected static DateTimeOffset MorningOf(int day, string zone, DateTimeOffset? startedAt = null)
    {
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var localStart = TimeZoneInfo.ConvertTime(startedAt ?? AppFactory.StartTime, tz);
        var morning = localStart.Date.AddDays(day).AddHours(Course.MorningUnlockHour);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(morning, DateTimeKind.Unspecified), tz), TimeSpan.Zero);
    }

    protected AppFactory App { get; } = new();

    protected DateTimeOffset Now => App.Clock.GetUtcNow();

    public Task InitializeAsync() => App.InitializeAsync();

    public Task DisposeAsync() => App.DisposeAsync();

    protected Task<SweepResult> SweepAsync() => App.Services.GetRequiredService<DripSweeper>().ExecuteAsync();

    protected void At(DateTimeOffset instant) => App.Clock.SetUtcNow(instant);

    protected async Task<ApplicationUser> EnrolledAsync(string zone, DateTimeOffset? startedAt = null) =>
        await App.CreateStudentAsync($"s{Guid.NewGuid():N}@example.com", startedAt ?? Now, zone);

    protected IReadOnlyList<MimeMessage> MailTo(ApplicationUser user) => App.Mail.To(user.Email!);

    protected static IReadOnlyList<string> LinkedSlugs(MimeMessage message) =>
        [.. System.Text.RegularExpressions.Regex.Matches(message.TextBody ?? "", @"/learn/([a-z0-9-]+)").Select(m => m.Groups[1].Value)];

    protected async Task<Enrollment> EnrollmentOfAsync(ApplicationUser user)
    {
        await using var db = App.Database.CreateContext();
        return await db.Enrollments.SingleAsync(e => e.UserId == user.Id);
    }

    protected async Task<List<LessonRelease>> ReleasesOfAsync(ApplicationUser user)
    {
        await using var db = App.Database.CreateContext();
        return await db.LessonReleases.Include(r => r.Lesson).Where(r => r.Enrollment!.UserId == user.Id).OrderBy(r => r.Id).ToListAsync();
    }

    protected T Service<T>(IServiceScope scope) where T : notnull => scope.ServiceProvider.GetRequiredService<T>();
}
