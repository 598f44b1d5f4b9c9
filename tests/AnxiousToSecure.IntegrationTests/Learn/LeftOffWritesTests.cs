using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AnxiousToSecure.IntegrationTests.Learn;

/// <summary>
/// "Where she left off" is written behind the page: her own pages show it at once, the database gets every mark in
/// one statement, a mark never moves back, and a failed or partly impossible write loses none of the others.
/// </summary>
[Trait("Category", "Learn")]
public sealed class LeftOffWritesTests(LeftOffWritesTests.HeldMarksApp app) : IClassFixture<LeftOffWritesTests.HeldMarksApp>
{
    /// <summary>The app with its timed writer all but idle, so each test decides when the marks are written.</summary>
    public sealed class HeldMarksApp : AppFactory
    {
        protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => [new("Learn:LeftOffFlushInterval", "00:01:00")];
    }

    private LeftOffWrites Marks => app.Services.GetRequiredService<LeftOffWrites>();

    private async Task<DateTimeOffset?> LastViewedAsync(string userId, int lessonId)
    {
        await using var db = app.Database.CreateContext();
        return await db.LessonProgress.Where(p => p.Enrollment!.UserId == userId && p.LessonId == lessonId).Select(p => (DateTimeOffset?)p.LastViewedAt).SingleOrDefaultAsync();
    }

    /// <summary>One write, as the app's timer makes it (the factory's helper writes again until nothing is left).</summary>
    private async Task<int> WriteOnceAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await Marks.FlushAsync(db);
    }

    private async Task<Guid> EnrollmentOfAsync(string userId)
    {
        await using var db = app.Database.CreateContext();
        return await db.Enrollments.Where(e => e.UserId == userId).Select(e => e.Id).SingleAsync();
    }

    [Fact]
    public async Task Her_pages_show_where_she_left_off_before_it_is_written_and_the_flush_writes_it_in_one_statement()
    {
        var first = await ScratchLesson.PublishAsync(app, releaseAfterDays: 0);
        var second = await ScratchLesson.PublishAsync(app, releaseAfterDays: 0);
        var (client, student) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-1));
        await app.WriteLeftOffAsync();

        await client.GetAsync($"/learn/{first.Slug}");
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await client.GetAsync($"/learn/{second.Slug}");
        var viewed = app.Clock.GetUtcNow();
        Assert.Null(await LastViewedAsync(student.Id, second.Id));

        // Her cached state dropped (as any write of hers on this instance does): read again, with the marks laid over it.
        app.Services.GetRequiredService<HerStateCache>().Drop(student.Id);
        var (_, course) = await client.GetAsync("/");
        Assert.Equal($"learn/{second.Slug}", course.QuerySelector(".cta a.button")?.GetAttribute("href"));

        var written = 0;
        var (count, texts) = await app.Statements.DuringAsync(async () => written = await app.WriteLeftOffAsync());
        Assert.True(written >= 2, $"{written} marks written");
        // One round trip: the share lock on the enrollments, then the upsert of every mark.
        Assert.True(count <= 2 && !texts.Contains("\n---\n", StringComparison.Ordinal), $"{count} statements:\n{texts}");
        Assert.Equal(viewed, await LastViewedAsync(student.Id, second.Id));
        Assert.Equal(viewed.AddMinutes(-5), await LastViewedAsync(student.Id, first.Id));
        Assert.Equal(0, Marks.Pending);
    }

    [Fact]
    public async Task An_older_mark_never_moves_a_newer_one_back_and_a_vanished_enrollment_does_not_stop_the_others_being_written()
    {
        var lesson = await ScratchLesson.PublishAsync(app, releaseAfterDays: 0);
        var (_, her) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-1));
        var hers = await EnrollmentOfAsync(her.Id);
        var now = app.Clock.GetUtcNow();

        Marks.Record(hers, lesson.Id, now);
        await app.WriteLeftOffAsync();
        Marks.Record(hers, lesson.Id, now.AddMinutes(-30)); // a slower instance's mark of an earlier view
        Marks.Record(Guid.NewGuid(), lesson.Id, now); // an enrollment erased since the view
        await app.WriteLeftOffAsync();

        Assert.Equal(now, await LastViewedAsync(her.Id, lesson.Id));
        Assert.Equal(0, Marks.Pending);
    }

    [Fact]
    public async Task An_enrollment_that_mark_complete_holds_is_skipped_without_waiting_and_written_the_next_time()
    {
        var lesson = await ScratchLesson.PublishAsync(app, releaseAfterDays: 0);
        var (_, busy) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-1));
        var (_, free) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-1));
        var now = app.Clock.GetUtcNow();
        await app.WriteLeftOffAsync();
        var busyEnrollment = await EnrollmentOfAsync(busy.Id);
        Marks.Record(busyEnrollment, lesson.Id, now);
        Marks.Record(await EnrollmentOfAsync(free.Id), lesson.Id, now);

        // Another connection holds her enrollment as "mark complete" does, inside a transaction left open.
        await using (var holder = new NpgsqlConnection(app.Database.ConnectionString))
        {
            await holder.OpenAsync();
            await using var hold = await holder.BeginTransactionAsync();
            await using (var lockIt = new NpgsqlCommand("""SELECT 1 FROM "Enrollments" WHERE "Id" = @id FOR UPDATE""", holder, hold))
            {
                lockIt.Parameters.AddWithValue("id", busyEnrollment);
                await lockIt.ExecuteNonQueryAsync();
            }
            var flush = WriteOnceAsync();
            Assert.True(await Task.WhenAny(flush, Task.Delay(TimeSpan.FromSeconds(10))) == flush, "the write waited for the held enrollment");
            Assert.Equal(1, await flush);
            Assert.Equal(now, await LastViewedAsync(free.Id, lesson.Id));
            Assert.Null(await LastViewedAsync(busy.Id, lesson.Id));
            Assert.Equal(1, Marks.Pending);
            await hold.CommitAsync();
        }

        Assert.Equal(1, await app.WriteLeftOffAsync());
        Assert.Equal(now, await LastViewedAsync(busy.Id, lesson.Id));
    }

    [Fact]
    public async Task A_write_waits_for_one_already_on_its_way_so_when_it_returns_every_earlier_mark_is_in_the_table()
    {
        var lesson = await ScratchLesson.PublishAsync(app, releaseAfterDays: 0);
        var (_, student) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-1));
        var enrollment = await EnrollmentOfAsync(student.Id);
        var now = app.Clock.GetUtcNow();
        Marks.Record(enrollment, lesson.Id, now.AddMinutes(-1));
        await app.WriteLeftOffAsync();
        Marks.Record(enrollment, lesson.Id, now);

        // Her progress row held by another connection: the first write is on its way, waiting for it.
        await using var holder = new NpgsqlConnection(app.Database.ConnectionString);
        await holder.OpenAsync();
        var hold = await holder.BeginTransactionAsync();
        await using (var lockIt = new NpgsqlCommand("""SELECT 1 FROM "LessonProgress" WHERE "EnrollmentId" = @e AND "LessonId" = @l FOR UPDATE""", holder, hold))
        {
            lockIt.Parameters.AddWithValue("e", enrollment);
            lockIt.Parameters.AddWithValue("l", lesson.Id);
            await lockIt.ExecuteNonQueryAsync();
        }
        var first = app.WriteLeftOffAsync();
        await Task.Delay(300);
        var second = app.WriteLeftOffAsync();
        await Task.Delay(300);
        Assert.False(first.IsCompleted, "the first write did not wait for the held row");
        Assert.False(second.IsCompleted, "the second write returned while the first was still on its way");

        await hold.CommitAsync();
        await hold.DisposeAsync();
        Assert.Equal(1, await first);
        await second;
        Assert.Equal(now, await LastViewedAsync(student.Id, lesson.Id));
    }

    [Fact]
    public async Task Marks_a_failed_write_could_not_store_are_kept_for_the_next_one()
    {
        var lesson = await ScratchLesson.PublishAsync(app, releaseAfterDays: 0);
        var (_, student) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-1));
        var now = app.Clock.GetUtcNow();
        await app.WriteLeftOffAsync();
        Marks.Record(await EnrollmentOfAsync(student.Id), lesson.Id, now);

        var unreachable = new DbContextOptionsBuilder<AppDbContext>()
            .UseNpgsql("Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none;Timeout=2").Options;
        await using (var down = new AppDbContext(unreachable))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => Marks.FlushAsync(down));
        }
        Assert.True(Marks.Pending >= 1);

        await app.WriteLeftOffAsync();
        Assert.Equal(now, await LastViewedAsync(student.Id, lesson.Id));
    }
}
