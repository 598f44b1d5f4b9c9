using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Observability;
using AnxiousToSecure.Core.Catalog;
using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Author;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Journal;
using AnxiousToSecure.Core.Learn;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AnxiousToSecure.Bench.Http;

/// <summary>
/// The students of the HTTP benchmark, written into the app's own (migrated, imported) database:
/// students with varied progress, journal entries through <see cref="JournalService"/> (encrypted
/// with the app's key ring), lesson attachments through <see cref="LessonAttachments"/>, and one
/// instructor with an authenticator.
/// </summary>
internal static class HttpSeed
{
    public static async Task RunAsync(string database, BenchSettings settings)
    {
        var services = new ServiceCollection()
            .AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None))
            .AddSingleton(TimeProvider.System)
            .AddAppDbContext(database)
            // The seed reads lessons as the app does (the content cache) and counts as it does (the meter); it runs no jobs.
            .AddSingleton<LessonRenderer>()
            .AddSingleton<ContentChanges>()
            .AddSingleton<CourseContentCache>()
            .AddMetrics()
            .AddSingleton<IAccountEmailBacklog, NoJobsHere>()
            .AddSingleton<EmailBacklogGauge>()
            .AddSingleton<AppMetrics>()
            .AddScoped<StudentCourseService>()
            .AddScoped<AnxiousToSecure.Core.Settings.TimeZones>()
            .AddScoped<JournalService>()
            .AddScoped<LessonAttachments>();
        services.AddIdentityCore<ApplicationUser>(o => AppDbContext.ConfigureIdentityStores(o.Stores))
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>();
        // As the app keeps its keys (AppData + AppKeyRing): in the database, encrypted with the certificate it is given.
        services.AddDataProtection().SetApplicationName("AnxiousToSecure").PersistKeysToDbContext<AppDbContext>()
            .ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(settings.KeyCertificatePath, settings.KeyCertificatePassword));
        await using var provider = services.BuildServiceProvider();

        var sw = Stopwatch.StartNew();
        await using (var db = await provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            var hash = new PasswordHasher<ApplicationUser>().HashPassword(new ApplicationUser(), BenchSettings.Password);
            await SeedStudentsAsync(db, settings.Students, hash);
        }
        Console.WriteLine($"Seeded {settings.Students:N0} students with enrollments and progress in {sw.Elapsed.TotalSeconds:F1} s.");

        sw.Restart();
        var journals = await SeedJournalAsync(provider, settings);
        Console.WriteLine($"Wrote {journals:N0} journal entries through the journal service in {sw.Elapsed.TotalSeconds:F1} s.");

        sw.Restart();
        await SeedAttachmentsAsync(provider);
        Console.WriteLine($"Uploaded 3 attachments (one of {BigRecordingBytes / 1024 / 1024} MiB) in {sw.Elapsed.TotalSeconds:F1} s.");

        await SeedInstructorAsync(provider, settings);
        Console.WriteLine($"Instructor {settings.InstructorEmail} with an authenticator.");
    }

    /// <summary>Like the admin benchmark's students, with a password: started 0-59 days ago, each stopped somewhere in what is open to her.</summary>
    private static async Task SeedStudentsAsync(AppDbContext db, int count, string passwordHash)
    {
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "AspNetUsers" ("Id", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "PasswordHash",
                "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount",
                "CreatedAt", "TimeZone", "LessonEmails", "LessonEmailFormat", "UnsubscribeStamp")
            SELECT 'bench-' || g, 'bench' || g || '@example.com', 'BENCH' || g || '@EXAMPLE.COM', 'bench' || g || '@example.com', 'BENCH' || g || '@EXAMPLE.COM', true, {passwordHash},
                upper(md5(g::text)), md5(g::text), false, false, true, 0,
                now(), (ARRAY['America/Denver','Asia/Tokyo','Europe/London','America/New_York','Australia/Sydney'])[1 + g % 5], true, 'LinkOnly', 0
            FROM generate_series(1, {count}) g;

            INSERT INTO "AspNetUserRoles" ("UserId", "RoleId")
            SELECT 'bench-' || g, (SELECT "Id" FROM "AspNetRoles" WHERE "Name" = 'Student') FROM generate_series(1, {count}) g;

            -- Started 3-62 days ago: every student has at least her first lessons open.
            INSERT INTO "Enrollments" ("Id", "UserId", "CourseId", "Status", "Source", "StartedAt", "CreatedAt", "StatusChangedAt", "PausedDays", "CompletedLessons", "NextReleaseCheckAt")
            SELECT gen_random_uuid(), 'bench-' || g, (SELECT min("Id") FROM "Courses"), 'Active', 'Purchase',
                now() - make_interval(days => 3 + g % 60, hours => g % 24), now(), now(), 0, 0, now() + interval '1 year'
            FROM generate_series(1, {count}) g;

            INSERT INTO "LessonReleases" ("EnrollmentId", "LessonId", "ReleasedAt", "EmailStatus", "Attempts", "SentAt")
            SELECT e."Id", l."Id", e."StartedAt" + make_interval(days => l."ReleaseAfterDays"), 'Sent', 1, e."StartedAt" + make_interval(days => l."ReleaseAfterDays")
            FROM "Enrollments" e JOIN "Lessons" l ON l."CourseId" = e."CourseId" AND l."Published"
            WHERE e."StartedAt" + make_interval(days => l."ReleaseAfterDays", hours => 24) < now();

            INSERT INTO "LessonProgress" ("EnrollmentId", "LessonId", "LastViewedAt", "CompletedAt")
            SELECT e."Id", l."Id", e."StartedAt" + make_interval(days => l."ReleaseAfterDays"), e."StartedAt" + make_interval(days => l."ReleaseAfterDays", hours => 2)
            FROM "Enrollments" e JOIN "Lessons" l ON l."CourseId" = e."CourseId" AND l."Published"
            WHERE e."StartedAt" + make_interval(days => l."ReleaseAfterDays", hours => 24) < now()
              AND l."ReleaseAfterDays" <= (hashtext(e."UserId") & 32767) % 60;

            UPDATE "Enrollments" e SET "CompletedLessons" = c.n
            FROM (SELECT "EnrollmentId", count(*) AS n FROM "LessonProgress" WHERE "CompletedAt" IS NOT NULL GROUP BY "EnrollmentId") c
            WHERE e."Id" = c."EnrollmentId";
            ANALYZE;
            """);
    }

    /// <summary>One entry on the first lesson of every fourth student and on the second of every eighth, saved as she saves it.</summary>
    private static async Task<int> SeedJournalAsync(IServiceProvider provider, BenchSettings settings)
    {
        string[] slugs;
        await using (var db = await provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            slugs = await db.Lessons.Where(l => l.Published).OrderBy(l => l.ReleaseAfterDays).ThenBy(l => l.Id).Select(l => l.Slug).Take(2).ToArrayAsync();
        }
        var work = Enumerable.Range(1, settings.Students).Where(g => g % 4 == 0).Select(g => (g, slugs[0]))
            .Concat(Enumerable.Range(1, settings.Students).Where(g => g % 8 == 0).Select(g => (g, slugs[1])))
            .Take(settings.JournalEntries).ToArray();
        var saved = 0;
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (item, ct) =>
        {
            await using var scope = provider.CreateAsyncScope();
            var text = $"What I noticed this week, entry {item.g}: when a message goes unanswered I reach for my phone less often than before.";
            var result = await scope.ServiceProvider.GetRequiredService<JournalService>().SaveAsync($"bench-{item.g}", item.Item2, text, ct);
            if (result == JournalSaveResult.Saved) Interlocked.Increment(ref saved);
        });
        return saved;
    }

    private const int BigRecordingBytes = 24 * 1024 * 1024;

    /// <summary>A worksheet and an image on the first lesson, a 24 MiB recording on the second, uploaded as the editor uploads them.</summary>
    private static async Task SeedAttachmentsAsync(IServiceProvider provider)
    {
        int[] lessons;
        await using (var db = await provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            lessons = await db.Lessons.Where(l => l.Published).OrderBy(l => l.ReleaseAfterDays).ThenBy(l => l.Id).Select(l => l.Id).Take(2).ToArrayAsync();
        }
        var random = new Random(15);
        byte[] Bytes(ReadOnlySpan<byte> header, int size)
        {
            var bytes = new byte[size];
            random.NextBytes(bytes);
            header.CopyTo(bytes);
            return bytes;
        }
        (int Lesson, string Name, byte[] Bytes)[] files =
        [
            (lessons[0], "worksheet.pdf", Bytes("%PDF-1.4\n"u8, 180 * 1024)),
            (lessons[0], "map-of-the-week.png", Bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], 60 * 1024)),
            (lessons[1], "guided-practice.mp3", Bytes("ID3"u8, BigRecordingBytes)),
        ];
        foreach (var (lesson, name, bytes) in files)
        {
            await using var scope = provider.CreateAsyncScope();
            using var content = new MemoryStream(bytes);
            var upload = await scope.ServiceProvider.GetRequiredService<LessonAttachments>().UploadAsync(lesson, name, content, bytes.Length, AuditActor.System);
            if (!upload.Ok) throw new InvalidOperationException($"Upload of {name} refused: {upload.Message}");
        }
    }

    /// <summary>An instructor whose authenticator the benchmark holds (as the development seed turns one on).</summary>
    private static async Task SeedInstructorAsync(IServiceProvider provider, BenchSettings settings)
    {
        await using var scope = provider.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = settings.InstructorEmail, Email = settings.InstructorEmail, EmailConfirmed = true, DisplayName = "Bench Instructor", CreatedAt = DateTimeOffset.UtcNow };
        Check(await users.CreateAsync(user, BenchSettings.Password));
        Check(await users.AddToRoleAsync(user, Roles.Instructor));
        var store = (IUserAuthenticatorKeyStore<ApplicationUser>)scope.ServiceProvider.GetRequiredService<IUserStore<ApplicationUser>>();
        await store.SetAuthenticatorKeyAsync(user, BenchSettings.InstructorAuthenticatorKey, CancellationToken.None);
        user.TwoFactorEnabled = true;
        Check(await users.UpdateAsync(user));

        static void Check(IdentityResult result)
        {
            if (!result.Succeeded) throw new InvalidOperationException(new StringBuilder("Instructor not created: ").AppendJoin("; ", result.Errors.Select(e => e.Description)).ToString());
        }
    }
}

/// <summary>The seed runs no Hangfire server: no account email is ever queued by it.</summary>
internal sealed class NoJobsHere : IAccountEmailBacklog
{
    public AccountEmailBacklog Read() => new(0, 0);
}
