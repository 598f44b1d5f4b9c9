using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Journal;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Author;

/// <summary>
/// The second edition imported over a database that sold the first (issue 18): lessons moved to other
/// modules and days, a module order changed, one lesson (good-enough) folded into another and new
/// lessons added. Students part-way through must keep every lesson they could read, must not get a
/// burst of email, and keep their journal on the lesson that left the course.
/// </summary>
[Trait("Category", "Author")]
public sealed class SecondEditionImportTests : IAsyncLifetime
{
    /// <summary>The app over an empty schema: the first edition goes in first, as it did in production.</summary>
    private sealed class FirstEditionApp : AppFactory
    {
        protected override TestDatabaseContent DatabaseContent => TestDatabaseContent.Migrated;
    }

    private const string Zone = "America/New_York";

    /// <summary>The lesson the second edition folds into the perfect-parent trap.</summary>
    private const string Removed = "good-enough";

    private static readonly CourseDocument FirstEdition = CourseContentReader.ReadFolder(TestPaths.FirstEditionContent);
    private static readonly CourseDocument SecondEdition = CourseContentReader.ReadFolder(TestPaths.CourseContent);

    private static List<LessonDocument> LessonsOf(CourseDocument course) => [.. course.Modules.SelectMany(m => m.Lessons)];

    private readonly FirstEditionApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    private DateTimeOffset Now => app.Clock.GetUtcNow();

    private async Task<ImportResult> ImportAsync(string folder)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CourseImporter>().ImportFolderAsync(folder);
    }

    private async Task SweepAsync()
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DripSweeper>().ExecuteAsync();
    }

    /// <summary>The slugs she may open, each decided by the same access check the lesson page makes.</summary>
    private async Task<HashSet<string>> ReadableAsync(ApplicationUser student, IEnumerable<string> slugs)
    {
        using var scope = app.Services.CreateScope();
        var courses = scope.ServiceProvider.GetRequiredService<StudentCourseService>();
        var readable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var slug in slugs)
        {
            if ((await courses.GetLessonAsync(student.Id, slug)).Granted) readable.Add(slug);
        }
        return readable;
    }

    private static List<string> LinkedSlugs(MimeKit.MimeMessage message) =>
        [.. System.Text.RegularExpressions.Regex.Matches(message.TextBody ?? "", @"/learn/([a-z0-9-]+)").Select(m => m.Groups[1].Value)];

    [Fact]
    public async Task Students_at_days_3_20_and_60_keep_every_lesson_they_could_read_get_at_most_one_email_and_keep_their_journal()
    {
        // The first edition, as sold. At 10:00 in New York, each student is on day 3, 20 or 60 of her drip.
        var firstImport = await ImportAsync(TestPaths.FirstEditionContent);
        Assert.True(firstImport.Created > 0, firstImport.ToString());
        int[] days = [3, 20, 60];
        var students = new Dictionary<int, ApplicationUser>();
        foreach (var day in days)
        {
            students[day] = await app.CreateStudentAsync($"day{day}-{Guid.NewGuid():N}@example.com", Now.AddDays(-day), Zone);
        }
        await SweepAsync();

        var oldSlugs = LessonsOf(FirstEdition).Select(l => l.Slug).ToList();
        var before = new Dictionary<int, HashSet<string>>();
        foreach (var day in days)
        {
            before[day] = await ReadableAsync(students[day], oldSlugs);
            // What the first edition's schedule gave her, no more and no less, in one welcome digest.
            Assert.Equal(LessonsOf(FirstEdition).Where(l => l.ReleaseAfterDays <= day).Select(l => l.Slug).ToHashSet(), before[day]);
            Assert.Single(app.Mail.To(students[day].Email!));
        }
        Assert.DoesNotContain(Removed, before[3]);
        Assert.Contains(Removed, before[20]);

        // Her reflections: on a lesson that stays, and on the one the second edition removes.
        using (var scope = app.Services.CreateScope())
        {
            var journal = scope.ServiceProvider.GetRequiredService<JournalService>();
            foreach (var day in days)
            {
                Assert.Equal(JournalSaveResult.Saved, await journal.SaveAsync(students[day].Id, "welcome", $"Day {day}: starting."));
                if (before[day].Contains(Removed))
                {
                    Assert.Equal(JournalSaveResult.Saved, await journal.SaveAsync(students[day].Id, Removed, $"Day {day}: good enough is enough."));
                }
            }
        }
        int releasesBefore;
        await using (var db = app.Database.CreateContext()) releasesBefore = await db.LessonReleases.CountAsync();

        // An hour later the second edition goes in over it, and the sweep (every minute in production) runs.
        app.Clock.Advance(TimeSpan.FromHours(1));
        var secondImport = await ImportAsync(TestPaths.CourseContent);
        Assert.Equal([Removed], secondImport.Unpublished);
        await SweepAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await SweepAsync();

        var newLessons = LessonsOf(SecondEdition);
        var newSlugs = newLessons.Select(l => l.Slug).ToList();
        foreach (var day in days)
        {
            var now = await ReadableAsync(students[day], newSlugs);
            // Nothing she could read is locked now (the never-relock rule holds across an import)...
            var relocked = before[day].Where(newSlugs.Contains).Where(s => !now.Contains(s)).ToList();
            Assert.True(relocked.Count == 0, $"day {day}: locked again after the import: {string.Join(", ", relocked)}");
            // ...and what the new schedule has opened by her day is open too (new lessons and lessons moved earlier).
            var due = newLessons.Where(l => l.ReleaseAfterDays <= day).Select(l => l.Slug).Where(s => !now.Contains(s)).ToList();
            Assert.True(due.Count == 0, $"day {day}: due in the second edition but not open: {string.Join(", ", due)}");
            // She had her email today: whatever opened is announced with the next morning's, not in a burst now.
            Assert.Single(app.Mail.To(students[day].Email!));
        }
        await using (var db = app.Database.CreateContext())
        {
            // No release row was lost or doubled: only lessons newly open were added.
            Assert.True(await db.LessonReleases.CountAsync() >= releasesBefore);
            Assert.Equal(await db.LessonReleases.CountAsync(), await db.LessonReleases.Select(r => new { r.EnrollmentId, r.LessonId }).Distinct().CountAsync());
        }

        // The next local morning: one digest at most, naming only lessons she could not read before.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 3, 13, 0, 0, TimeSpan.Zero)); // 08:00 EST
        await SweepAsync();
        foreach (var day in days)
        {
            var mail = app.Mail.To(students[day].Email!);
            Assert.InRange(mail.Count, 1, 2);
            if (mail.Count == 2)
            {
                var repeated = LinkedSlugs(mail[^1]).Where(before[day].Contains).ToList();
                Assert.True(repeated.Count == 0, $"day {day}: the digest after the import announces lessons she already had: {string.Join(", ", repeated)}");
            }
            var readable = await ReadableAsync(students[day], newSlugs);
            var locked = before[day].Where(newSlugs.Contains).Where(s => !readable.Contains(s)).ToList();
            Assert.True(locked.Count == 0, $"day {day}: locked the morning after the import: {string.Join(", ", locked)}");
        }

        // The removed lesson: not a lesson any more (nobody opens it), but what she wrote on it stays
        // hers: on her journal page, in her export, and still editable there.
        foreach (var day in days.Where(d => before[d].Contains(Removed)))
        {
            using (var scope = app.Services.CreateScope())
            {
                var access = await scope.ServiceProvider.GetRequiredService<StudentCourseService>().GetLessonAsync(students[day].Id, Removed);
                Assert.Equal(AccessDecision.NotFound, access.Decision);
                var journal = scope.ServiceProvider.GetRequiredService<JournalService>();
                Assert.Contains(await journal.ListAsync(students[day].Id), e => e.LessonSlug == Removed && e.Text == $"Day {day}: good enough is enough.");
                Assert.Equal(JournalSaveResult.Saved, await journal.SaveAsync(students[day].Id, Removed, $"Day {day}: good enough is enough. Still."));
            }
            var client = BrowserlessClient.Create(app);
            await client.SignInAsync(students[day].Email!);
            var (_, page) = await client.GetAsync("/journal");
            Assert.Contains($"Day {day}: good enough is enough. Still.", page.DocumentElement.TextContent);
            var export = await client.Http.GetStringAsync("/journal/export");
            Assert.Contains($"Day {day}: good enough is enough. Still.", export);
            Assert.Contains($"Day {day}: starting.", export);
        }
    }

    [Fact]
    public async Task The_second_edition_over_the_first_keeps_every_lesson_row_and_follows_the_new_module_order()
    {
        await ImportAsync(TestPaths.FirstEditionContent);
        Dictionary<string, int> idsBefore;
        await using (var db = app.Database.CreateContext()) idsBefore = await db.Lessons.ToDictionaryAsync(l => l.Slug, l => l.Id);

        await ImportAsync(TestPaths.CourseContent);

        await using var check = app.Database.CreateContext();
        var lessons = await check.Lessons.Include(l => l.Module).ToListAsync();
        // Progress, releases and journal entries hang on the row: a lesson that moved keeps its id.
        foreach (var (slug, id) in idsBefore) Assert.Equal(id, lessons.Single(l => l.Slug == slug).Id);
        var modules = await check.Modules.OrderBy(m => m.Position).Select(m => m.Slug).ToListAsync();
        Assert.Equal(SecondEdition.Modules.Select(m => m.Slug), modules);
        foreach (var module in SecondEdition.Modules)
        {
            var inOrder = lessons.Where(l => l.Module!.Slug == module.Slug && l.Published).OrderBy(l => l.Position).Select(l => l.Slug);
            Assert.Equal(module.Lessons.Select(l => l.Slug), inOrder);
        }
        Assert.False(lessons.Single(l => l.Slug == Removed).Published);

        // The outline a student sees is the second edition's, in its order.
        using var scope = app.Services.CreateScope();
        var course = await scope.ServiceProvider.GetRequiredService<StudentCourseService>().GetForStudentAsync(null);
        Assert.Equal(LessonsOf(SecondEdition).Select(l => l.Slug), course!.Lessons.Select(l => l.Slug));
    }
}
