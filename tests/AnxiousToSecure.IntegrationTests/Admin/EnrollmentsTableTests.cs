using System.Net;
using AnxiousToSecure.Core.Admin;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Admin;

/// <summary>The enrollments table: search, filters, paging, and the CSV of the same rows.</summary>
[Trait("Category", "Admin")]
public sealed class EnrollmentsTableTests(AppFactory app) : IClassFixture<AppFactory>
{
    private DateTimeOffset Now => app.Clock.GetUtcNow();

    /// <summary>A student enrolled <paramref name="daysAgo"/> days ago who has completed her first <paramref name="completed"/> lessons.</summary>
    private async Task<ApplicationUser> StudentAsync(string tag, int daysAgo, int completed, string? name = null)
    {
        var user = await app.CreateStudentAsync($"{tag}-{Guid.NewGuid():N}@example.com", Now.AddDays(-daysAgo));
        await using var db = app.Database.CreateContext();
        if (name is not null)
        {
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, name));
        }
        var slugs = await db.Lessons.Where(l => l.Published).OrderBy(l => l.Module!.Position).ThenBy(l => l.Position).Select(l => l.Slug).Take(completed).ToListAsync();
        // Everything is open, so the real "mark complete" path can be used for any lesson.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "LessonReleases" ("EnrollmentId", "LessonId", "ReleasedAt", "EmailStatus", "Attempts")
            SELECT e."Id", l."Id", {Now}, 'Sent', 1 FROM "Enrollments" e CROSS JOIN "Lessons" l WHERE e."UserId" = {user.Id}
            ON CONFLICT DO NOTHING
            """);
        foreach (var slug in slugs)
        {
            using var scope = app.Services.CreateScope();
            var courses = scope.ServiceProvider.GetRequiredService<StudentCourseService>();
            await courses.SetCompletedAsync(await courses.OpenLessonAsync(user.Id, slug), completed: true);
        }
        return user;
    }

    private EnrollmentDirectory Directory => app.Services.CreateScope().ServiceProvider.GetRequiredService<EnrollmentDirectory>();

    [Fact]
    public async Task Completing_and_uncompleting_lessons_keeps_the_count_on_the_enrollment_right()
    {
        var student = await StudentAsync("count", 3, completed: 3);
        await using var db = app.Database.CreateContext();
        Assert.Equal(3, (await db.Enrollments.SingleAsync(e => e.UserId == student.Id)).CompletedLessons);

        using var scope = app.Services.CreateScope();
        var courses = scope.ServiceProvider.GetRequiredService<StudentCourseService>();
        var first = await db.Lessons.Where(l => l.Published).OrderBy(l => l.Module!.Position).ThenBy(l => l.Position).FirstAsync();
        await courses.SetCompletedAsync(await courses.GetLessonAsync(student.Id, first.Slug), completed: false);
        await courses.SetCompletedAsync(await courses.GetLessonAsync(student.Id, first.Slug), completed: false);
        Assert.Equal(2, await db.Enrollments.Where(e => e.UserId == student.Id).Select(e => e.CompletedLessons).SingleAsync());
        await courses.SetCompletedAsync(await courses.GetLessonAsync(student.Id, first.Slug), completed: true);
        await courses.SetCompletedAsync(await courses.GetLessonAsync(student.Id, first.Slug), completed: true);
        Assert.Equal(3, await db.Enrollments.Where(e => e.UserId == student.Id).Select(e => e.CompletedLessons).SingleAsync());
    }

    [Fact]
    public async Task Progress_counts_published_lessons_only_so_an_unpublished_lesson_no_longer_counts()
    {
        // A lesson of the test's own, so the real course stays published for the other tests here.
        var lesson = await ScratchLesson.PublishAsync(app, releaseAfterDays: 0);
        try
        {
            var student = await StudentAsync("unpub", 10, completed: 2);
            using (var scope = app.Services.CreateScope())
            {
                var courses = scope.ServiceProvider.GetRequiredService<StudentCourseService>();
                await courses.SetCompletedAsync(await courses.GetLessonAsync(student.Id, lesson.Slug), completed: true);
            }
            await using var db = app.Database.CreateContext();
            Assert.Equal(3, await db.Enrollments.Where(e => e.UserId == student.Id).Select(e => e.CompletedLessons).SingleAsync());

            // Students have reached it, so "delete" unpublishes it.
            var outcome = await app.Services.GetRequiredService<AnxiousToSecure.Core.Author.LessonAuthoring>()
                .RemoveLessonAsync(lesson.Id, AnxiousToSecure.Core.Audit.AuditActor.System);
            Assert.Equal(AnxiousToSecure.Core.Author.LessonRemoval.Unpublished, outcome);
            Assert.Equal(2, await db.Enrollments.Where(e => e.UserId == student.Id).Select(e => e.CompletedLessons).SingleAsync());

            await lesson.ChangeAsync(d => d.Published = true);
            Assert.Equal(3, await db.Enrollments.Where(e => e.UserId == student.Id).Select(e => e.CompletedLessons).SingleAsync());
        }
        finally
        {
            await lesson.ChangeAsync(d => d.Published = false);
        }
    }

    [Fact]
    public async Task Odd_query_strings_give_the_page_not_an_error()
    {
        var admin = await app.SignInNewUserAsync(Roles.Admin);
        foreach (var url in new[] { "/admin/enrollments?page=abc&to=9999-12-31&status=Nope&progress=x", "/admin?days=lots&from=9999-12-30&to=9999-12-31", "/admin/audit?page=-1&to=9999-12-31", "/admin/people?page=x" })
        {
            var (response, _) = await admin.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}: {app.Errors}");
        }
    }

    [Fact]
    public async Task Search_finds_by_any_part_of_email_or_name_and_filters_combine()
    {
        var tag = $"t{Guid.NewGuid():N}"[..10];
        var fresh = await StudentAsync(tag, 1, 0, name: "Rosalind Quayle");
        int lessons;
        await using (var db = app.Database.CreateContext()) lessons = await db.Lessons.CountAsync(l => l.Published);
        var halfway = await StudentAsync(tag, 20, (lessons + 1) / 2);
        var done = await StudentAsync(tag, 60, lessons);
        await using (var db = app.Database.CreateContext())
        {
            await db.Enrollments.Where(e => e.UserId == done.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, EnrollmentStatus.Refunded));
        }

        var all = await Directory.SearchAsync(new EnrollmentFilter(Search: tag));
        Assert.Equal(3, all.Total);
        Assert.Equal([fresh.Id, halfway.Id, done.Id], all.Rows.Select(r => r.UserId));

        Assert.Equal(fresh.Id, Assert.Single((await Directory.SearchAsync(new EnrollmentFilter(Search: "QUAYLE"))).Rows).UserId);
        Assert.Equal(0, (await Directory.SearchAsync(new EnrollmentFilter(Search: "%"))).Total);
        Assert.Equal(done.Id, Assert.Single((await Directory.SearchAsync(new EnrollmentFilter(Search: tag, Status: EnrollmentStatus.Refunded))).Rows).UserId);
        Assert.Equal(fresh.Id, Assert.Single((await Directory.SearchAsync(new EnrollmentFilter(Search: tag, Progress: ProgressBand.NotStarted))).Rows).UserId);
        Assert.Equal(halfway.Id, Assert.Single((await Directory.SearchAsync(new EnrollmentFilter(Search: tag, Progress: ProgressBand.HalfOrMore))).Rows).UserId);
        var finished = Assert.Single((await Directory.SearchAsync(new EnrollmentFilter(Search: tag, Progress: ProgressBand.Finished))).Rows);
        Assert.Equal((done.Id, 100), (finished.UserId, finished.PercentComplete));
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        var recent = await Directory.SearchAsync(new EnrollmentFilter(Search: tag, StartedFrom: today.AddDays(-30), StartedTo: today));
        Assert.Equal([fresh.Id, halfway.Id], recent.Rows.Select(r => r.UserId));
        var byProgress = await Directory.SearchAsync(new EnrollmentFilter(Search: tag, Sort: EnrollmentSort.MostProgress));
        Assert.Equal([done.Id, halfway.Id, fresh.Id], byProgress.Rows.Select(r => r.UserId));
    }

    [Fact]
    public async Task Twelve_matches_fit_the_first_page_the_search_pages_them_by_ten_and_the_csv_holds_every_filtered_row()
    {
        var tag = $"p{Guid.NewGuid():N}"[..10];
        var students = new List<ApplicationUser>();
        for (var i = 0; i < 12; i++) students.Add(await StudentAsync(tag, i, i % 3));
        await using (var db = app.Database.CreateContext())
        {
            await db.Users.Where(u => u.Id == students[0].Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, "=HYPERLINK(\"x\")"));
        }
        var admin = await app.SignInNewUserAsync(Roles.Admin);

        var (response, first) = await admin.GetAsync($"/admin/enrollments?q={tag}&sort=Oldest");
        Assert.True(response.StatusCode == HttpStatusCode.OK, app.Errors.ToString());
        Assert.Contains("12 enrollments", first.QuerySelector("[role=status]")!.TextContent);
        var next = first.QuerySelector("a[rel=next]");
        Assert.Null(next); // 12 rows fit one page of 50
        Assert.Equal(12, first.QuerySelectorAll("#enrollments tbody tr").Length);
        Assert.Equal(students[^1].Email, first.QuerySelector("#enrollments tbody tr a")!.TextContent);

        var paged = await Directory.SearchAsync(new EnrollmentFilter(Search: tag, PageSize: 10, Page: 2));
        Assert.Equal((12, 2, 2), (paged.Total, paged.Rows.Count, paged.Pages));

        var csvLink = first.QuerySelector("a[download]")!.GetAttribute("href")!;
        var csvResponse = await admin.Http.GetAsync("/" + csvLink + "&progress=NotStarted");
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType!.MediaType);
        var lines = (await csvResponse.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(",", EnrollmentDirectory.CsvHeader), lines[0]);
        Assert.Equal(4, lines.Length - 1); // i = 0, 3, 6, 9 completed nothing
        Assert.All(lines.Skip(1), l => Assert.Contains(",Active,Grant,", l));
        Assert.Contains(lines, l => l.Contains("\"'=HYPERLINK(\"\"x\"\")\"", StringComparison.Ordinal));
    }
}
