using System.Net;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AnxiousToSecure.IntegrationTests.Learn;

/// <summary>
/// Her state is read once and then served from this instance's copy, with no statement at all; and whatever
/// changes it (her own post, another instance, a job, or SQL typed outside the app) is what the next page shows:
/// at once on the instance that wrote, within a second anywhere else. Locked lessons stay locked.
/// </summary>
[Trait("Category", "Learn")]
public sealed class HerStateAcrossWritersTests(TwoInstances apps) : IClassFixture<TwoInstances>
{
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(1);

    private AppFactory First => apps.First;

    private AppFactory Second => apps.Second;

    private async Task<(BrowserlessClient OnFirst, BrowserlessClient OnSecond, string UserId)> StudentAsync()
    {
        var email = $"s{Guid.NewGuid():N}@example.com";
        var user = await First.CreateStudentAsync(email, First.Clock.GetUtcNow().AddDays(-1));
        var onFirst = BrowserlessClient.Create(First);
        await onFirst.SignInAsync(email);
        var onSecond = BrowserlessClient.Create(Second);
        await onSecond.SignInAsync(email);
        return (onFirst, onSecond, user.Id);
    }

    private static async Task<string> PageAsync(BrowserlessClient client, string url)
    {
        var (response, page) = await client.GetAsync(url);
        return $"{(int)response.StatusCode} {page.DocumentElement.OuterHtml}";
    }

    private static async Task<bool> ShowsWithinAsync(BrowserlessClient client, string url, Func<string, bool> shows, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (true)
        {
            if (shows(await PageAsync(client, url))) return true;
            if (DateTime.UtcNow > until) return false;
            await Task.Delay(50);
        }
    }

    private static bool Completed(string page) => page.Contains("Mark as not complete", StringComparison.Ordinal);

    private static bool Readable(string page) => page.StartsWith("200 ", StringComparison.Ordinal) && page.Contains("complete-form", StringComparison.Ordinal);

    [Fact]
    public async Task Read_once_her_pages_need_no_statement_and_her_own_post_is_shown_at_once()
    {
        var lesson = await ScratchLesson.PublishAsync(First, releaseAfterDays: 0);
        var url = $"/learn/{lesson.Slug}";
        var (client, _, _) = await StudentAsync();
        var (_, page) = await client.GetAsync(url);
        // A first visit of the dashboard writes (a "welcome" becomes "welcome back"), so each page once more after it.
        foreach (var path in new[] { "/learn", "/learn/outline", url }) await client.GetAsync(path);

        foreach (var path in new[] { url, "/learn", "/learn/outline" })
        {
            var (count, texts) = await First.Statements.DuringAsync(() => client.Http.GetAsync(path));
            Assert.True(count == 0, $"{path}: {count} statements\n{texts}");
        }

        var token = page.QuerySelector("form.complete-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var posted = await client.Http.PostAsync(url, new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Complete", "true")]));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.True(Completed(await PageAsync(client, url)), "her own completion is not shown at once");
    }

    [Fact]
    public async Task Her_own_post_drops_only_her_copy_so_another_students_pages_still_need_no_statement()
    {
        var lesson = await ScratchLesson.PublishAsync(First, releaseAfterDays: 0);
        var url = $"/learn/{lesson.Slug}";
        var (her, _, _) = await StudentAsync();
        var (other, _, _) = await StudentAsync();
        var (_, page) = await her.GetAsync(url);
        foreach (var client in new[] { her, other })
        {
            foreach (var path in new[] { url, "/learn", url }) await client.GetAsync(path);
        }

        var token = page.QuerySelector("form.complete-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var posted = await her.Http.PostAsync(url, new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Complete", "true")]));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var (count, texts) = await First.Statements.DuringAsync(() => other.Http.GetAsync(url));
        Assert.True(count == 0, $"another student's page after her post: {count} statements\n{texts}");
        Assert.True(Completed(await PageAsync(her, url)), "her own completion is not shown at once");
    }

    [Fact]
    public async Task Her_progress_written_through_one_instance_is_served_by_the_other_within_a_second()
    {
        var lesson = await ScratchLesson.PublishAsync(First, releaseAfterDays: 0);
        var url = $"/learn/{lesson.Slug}";
        var (onFirst, onSecond, _) = await StudentAsync();
        Assert.False(Completed(await PageAsync(onSecond, url)));
        Assert.False(Completed(await PageAsync(onSecond, url))); // from the second instance's copy now

        var (_, page) = await onFirst.GetAsync(url);
        var token = page.QuerySelector("form.complete-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var posted = await onFirst.Http.PostAsync(url, new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Complete", "true")]));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        Assert.True(Completed(await PageAsync(onFirst, url)));
        Assert.True(await ShowsWithinAsync(onSecond, url, Completed, Promise), $"the other instance does not show her completion within {Promise}");
    }

    [Fact]
    public async Task An_enrollment_ended_by_sql_outside_the_app_closes_her_lessons_on_both_instances_within_a_second()
    {
        var lesson = await ScratchLesson.PublishAsync(First, releaseAfterDays: 0);
        var url = $"/learn/{lesson.Slug}";
        var (onFirst, onSecond, userId) = await StudentAsync();
        foreach (var client in new[] { onFirst, onSecond, onFirst, onSecond }) Assert.True(Readable(await PageAsync(client, url)));

        await using (var connection = new NpgsqlConnection(First.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var revoke = new NpgsqlCommand("""UPDATE "Enrollments" SET "Status" = 'Revoked' WHERE "UserId" = @user""", connection);
            revoke.Parameters.AddWithValue("user", userId);
            Assert.Equal(1, await revoke.ExecuteNonQueryAsync());
        }

        Assert.True(await ShowsWithinAsync(onFirst, url, p => !Readable(p), Promise), "the first instance still opens the lesson");
        Assert.True(await ShowsWithinAsync(onSecond, url, p => !Readable(p), Promise), "the second instance still opens the lesson");
    }

    [Fact]
    public async Task A_lesson_released_by_the_drip_on_another_instance_opens_here_within_a_second_and_stays_locked_before()
    {
        var lesson = await ScratchLesson.PublishAsync(First, releaseAfterDays: 3);
        var url = $"/learn/{lesson.Slug}";
        var (_, onSecond, userId) = await StudentAsync();
        Assert.False(Readable(await PageAsync(onSecond, url)));
        Assert.False(Readable(await PageAsync(onSecond, url))); // locked, from the copy

        // Her release row, written on the first instance as the sweeper writes it.
        using (var scope = First.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AnxiousToSecure.Core.Data.AppDbContext>();
            var enrollment = db.Enrollments.Single(e => e.UserId == userId);
            var now = First.Clock.GetUtcNow();
            await LearnSql.ReleaseEarlyAsync(db, enrollment.Id, lesson.Id, now, CancellationToken.None);
        }

        Assert.True(await ShowsWithinAsync(onSecond, url, Readable, Promise), $"the released lesson does not open on the other instance within {Promise}");
    }
}
