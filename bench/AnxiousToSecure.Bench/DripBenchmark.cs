using System.Diagnostics;
using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Email;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.Core.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AnxiousToSecure.Bench;

/// <summary>
/// The drip sweeper at scale: 100,000 enrollments in every stage of the course. Measures an idle
/// sweep (nothing due), a sweep after a course edit marks every enrollment for a fresh look, and
/// delivering 10,000 due lesson emails to a local SMTP server.
/// </summary>
internal static class DripBenchmark
{
    public static async Task RunAsync(string server, string smtpHost, int smtpPort, string courseFolder, int enrollments, int emails)
    {
        await using var database = new BenchDatabase(server);
        var services = database.Services(new ServiceCollection())
            .AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None))
            .AddSingleton(TimeProvider.System)
            .AddSingleton<LessonRenderer>()
            .AddSingleton<UnsubscribeTokens>()
            .AddSingleton<LessonEmailComposer>()
            .AddSingleton<IEmailTransport, SmtpTransport>()
            .AddTransient<DripSweeper>()
            .AddScoped<CourseImporter>();
        services.AddDataProtection();
        services.AddOptions<EmailOptions>().Configure(o =>
        {
            o.FromAddress = "hello@course.example";
            o.PickupDirectory = "unused";
            o.PublicBaseUrl = "http://localhost:5000";
        });
        services.AddOptions<SmtpOptions>().Configure(o =>
        {
            o.Host = smtpHost;
            o.Port = smtpPort;
            o.Security = MailKit.Security.SecureSocketOptions.None;
        });
        services.AddOptions<DripOptions>();
        await using var provider = services.BuildServiceProvider();
        await database.CreateAsync(provider);

        using (var scope = provider.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CourseImporter>().ImportFolderAsync(courseFolder);
        }
        var dbs = provider.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using (var db = await dbs.CreateDbContextAsync())
        {
            var lessons = await db.Lessons.CountAsync(l => l.Published);
            Console.WriteLine($"Course: {lessons} published lessons. Seeding {enrollments:N0} enrollments...");
            var seed = Stopwatch.StartNew();
            await SeedAsync(db, enrollments);
            Console.WriteLine($"Seeded in {seed.Elapsed.TotalSeconds:F1} s.");
        }

        // The seed's SQL only approximates local mornings: the sweeper's own first pass settles every
        // enrollment exactly (the same work as after a course edit), and its emails count as sent,
        // which is the steady state of a running site.
        var sweeper = provider.GetRequiredService<DripSweeper>();
        var settle = Stopwatch.StartNew();
        var settled = await sweeper.ReleaseDueAsync();
        Console.WriteLine($"First pass over {enrollments:N0} enrollments (all marked for a look): {settle.Elapsed.TotalMilliseconds:F0} ms ({settled:N0} lessons released)");
        await using (var db = await dbs.CreateDbContextAsync())
        {
            await db.LessonReleases.Where(r => r.EmailStatus == DripEmailStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.EmailStatus, DripEmailStatus.Sent).SetProperty(r => r.NextAttemptAt, (DateTimeOffset?)null));
            Console.WriteLine($"Steady state: {await db.LessonReleases.CountAsync():N0} lesson releases, all emailed.");
        }

        await sweeper.ExecuteAsync(); // warm-up: connections, JIT, plan cache
        var idle = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var sw = Stopwatch.StartNew();
            var result = await sweeper.ExecuteAsync();
            idle.Add(sw.Elapsed.TotalMilliseconds);
            if (result.Released + result.Sent > 0) throw new InvalidOperationException($"The idle sweep found work: {result}");
        }
        idle.Sort();
        Console.WriteLine($"Idle sweep (nothing due), 5 runs: median {idle[2]:F1} ms, max {idle[^1]:F1} ms (target < 1000 ms)");

        // An instructor edit marks every enrollment for a fresh look: the sweeper recomputes all of them.
        await using (var db = await dbs.CreateDbContextAsync())
        {
            await db.Enrollments.ExecuteUpdateAsync(s => s.SetProperty(e => e.NextReleaseCheckAt, DateTimeOffset.UtcNow));
        }
        var recheck = Stopwatch.StartNew();
        var rechecked = await sweeper.ReleaseDueAsync();
        Console.WriteLine($"Full re-check of {enrollments:N0} enrollments after a course edit that opens nothing new: {recheck.Elapsed.TotalMilliseconds:F0} ms ({rechecked:N0} releases)");

        await using (var db = await dbs.CreateDbContextAsync())
        {
            await MakeEmailsDueAsync(db, emails);
        }
        var deliver = Stopwatch.StartNew();
        var delivered = await sweeper.ExecuteAsync();
        var seconds = deliver.Elapsed.TotalSeconds;
        Console.WriteLine($"Delivering {emails:N0} due lesson emails: {delivered.Sent:N0} sent, {delivered.Retrying + delivered.Failed} failed, " +
            $"in {seconds:F1} s = {delivered.Sent / seconds:F0} emails/s (target < 300 s)");
        if (delivered.Sent != emails) throw new InvalidOperationException($"Expected {emails} emails sent, got {delivered}");
    }

    /// <summary>
    /// Users and enrollments started 0 to 59 days ago, each with the lessons already due released and
    /// emailed (the steady state after sweeps), and the next unlock written down.
    /// </summary>
    private static async Task SeedAsync(AppDbContext db, int count)
    {
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "AspNetUsers" ("Id", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed",
                "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount",
                "CreatedAt", "TimeZone", "LessonEmails", "LessonEmailFormat", "UnsubscribeStamp")
            SELECT 'bench-' || g, 'bench' || g || '@example.com', 'BENCH' || g || '@EXAMPLE.COM', 'bench' || g || '@example.com', 'BENCH' || g || '@EXAMPLE.COM', true,
                md5(g::text), md5(g::text), false, false, true, 0,
                now(), (ARRAY['America/Denver','Asia/Tokyo','Europe/London','America/New_York','Australia/Sydney'])[1 + g % 5], true, 'LinkOnly', 0
            FROM generate_series(1, {count}) g;

            INSERT INTO "Enrollments" ("Id", "UserId", "CourseId", "Status", "Source", "StartedAt", "CreatedAt", "StatusChangedAt", "PausedDays")
            SELECT gen_random_uuid(), 'bench-' || g, (SELECT min("Id") FROM "Courses"), 'Active', 'Purchase',
                now() - make_interval(days => g % 60, hours => g % 24), now(), now(), 0
            FROM generate_series(1, {count}) g;

            INSERT INTO "LessonReleases" ("EnrollmentId", "LessonId", "ReleasedAt", "EmailStatus", "Attempts", "SentAt")
            SELECT e."Id", l."Id", e."StartedAt" + make_interval(days => l."ReleaseAfterDays"), 'Sent', 1, e."StartedAt" + make_interval(days => l."ReleaseAfterDays")
            FROM "Enrollments" e JOIN "Lessons" l ON l."CourseId" = e."CourseId" AND l."Published"
            WHERE e."StartedAt" + make_interval(days => l."ReleaseAfterDays", hours => 24) < now();

            -- Every enrollment due for a look: the sweeper's first pass computes each one exactly.
            UPDATE "Enrollments" SET "NextReleaseCheckAt" = now();
            ANALYZE;
            """);
    }

    /// <summary>The next lesson of <paramref name="count"/> students becomes due now, as if its morning had come.</summary>
    private static Task MakeEmailsDueAsync(AppDbContext db, int count) => db.Database.ExecuteSqlAsync($"""
        INSERT INTO "LessonReleases" ("EnrollmentId", "LessonId", "ReleasedAt", "EmailStatus", "Attempts", "NextAttemptAt")
        SELECT e."Id", next."Id", now(), 'Pending', 0, now()
        FROM (SELECT e."Id", e."CourseId" FROM "Enrollments" e
              WHERE EXISTS (SELECT 1 FROM "Lessons" l WHERE l."CourseId" = e."CourseId" AND l."Published"
                            AND NOT EXISTS (SELECT 1 FROM "LessonReleases" r WHERE r."EnrollmentId" = e."Id" AND r."LessonId" = l."Id"))
              ORDER BY e."Id" LIMIT {count}) e
        CROSS JOIN LATERAL (
            SELECT l."Id" FROM "Lessons" l
            WHERE l."CourseId" = e."CourseId" AND l."Published"
              AND NOT EXISTS (SELECT 1 FROM "LessonReleases" r WHERE r."EnrollmentId" = e."Id" AND r."LessonId" = l."Id")
            ORDER BY l."ReleaseAfterDays" LIMIT 1) next;
        ANALYZE "LessonReleases";
        """);
}
