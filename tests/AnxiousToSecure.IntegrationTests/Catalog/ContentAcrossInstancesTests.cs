using System.Net;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Author;
using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace AnxiousToSecure.IntegrationTests.Catalog;

/// <summary>
/// Shared content is cached in each instance and dropped on every instance when it changes: two
/// app hosts on one database, each with a student who has read the lesson (so both caches are warm).
/// A change made through one is served by it at once and by the other within a second.
/// </summary>
[Trait("Category", "Catalog")]
public sealed class ContentAcrossInstancesTests(TwoInstances apps) : IClassFixture<TwoInstances>
{
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(1);

    private AppFactory First => apps.First;

    private AppFactory Second => apps.Second;

    /// <summary>One student, signed in on both instances.</summary>
    private async Task<(BrowserlessClient OnFirst, BrowserlessClient OnSecond)> ReaderAsync()
    {
        var email = $"s{Guid.NewGuid():N}@example.com";
        await First.CreateStudentAsync(email, First.Clock.GetUtcNow().AddDays(-1));
        var onFirst = BrowserlessClient.Create(First);
        await onFirst.SignInAsync(email);
        var onSecond = BrowserlessClient.Create(Second);
        await onSecond.SignInAsync(email);
        return (onFirst, onSecond);
    }

    private static async Task<string> PageAsync(BrowserlessClient client, string url)
    {
        var (response, page) = await client.GetAsync(url);
        return $"{(int)response.StatusCode} {page.DocumentElement.OuterHtml}";
    }

    /// <summary>Asks until the page shows what it should, for at most <paramref name="within"/>; true if it did.</summary>
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

    private async Task AssertSeenEverywhereAsync((BrowserlessClient OnFirst, BrowserlessClient OnSecond) reader, string url, Func<string, bool> shows, string what)
    {
        Assert.True(shows(await PageAsync(reader.OnFirst, url)), $"the instance that made it does not serve {what} at once");
        Assert.True(await ShowsWithinAsync(reader.OnSecond, url, shows, Promise), $"the other instance does not serve {what} within {Promise}");
    }

    [Fact]
    public async Task An_edit_is_served_by_both_instances()
    {
        var lesson = await ScratchLesson.PublishAsync(First, releaseAfterDays: 0);
        var reader = await ReaderAsync();
        var url = $"/learn/{lesson.Slug}";
        Assert.Contains(lesson.Text, await PageAsync(reader.OnFirst, url));
        Assert.Contains(lesson.Text, await PageAsync(reader.OnSecond, url));

        var edited = $"Edited text {Guid.NewGuid():N}.";
        await lesson.ChangeAsync(d => d.BodyMarkdown = edited);

        await AssertSeenEverywhereAsync(reader, url, p => p.Contains(edited) && !p.Contains(lesson.Text), "the edit");
    }

    [Fact]
    public async Task Unpublishing_and_publishing_are_served_by_both_instances()
    {
        var lesson = await ScratchLesson.PublishAsync(First, releaseAfterDays: 0);
        var reader = await ReaderAsync();
        var url = $"/learn/{lesson.Slug}";
        Assert.StartsWith("200", await PageAsync(reader.OnSecond, url));

        await lesson.ChangeAsync(d => d.Published = false);
        await AssertSeenEverywhereAsync(reader, url, p => p.StartsWith("404", StringComparison.Ordinal), "the unpublishing");

        await lesson.ChangeAsync(d => d.Published = true);
        await AssertSeenEverywhereAsync(reader, url, p => p.StartsWith("200", StringComparison.Ordinal) && p.Contains(lesson.Text), "the publishing");
    }

    [Fact]
    public async Task An_import_is_served_by_both_instances()
    {
        var reader = await ReaderAsync();
        Assert.Contains("Welcome", await PageAsync(reader.OnSecond, "/learn/outline"));
        var title = $"Welcome, imported {Guid.NewGuid():N}";
        var folder = ChangedCourse.FolderWithTitle("welcome", title);
        try
        {
            using var scope = First.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<CourseImporter>().ImportFolderAsync(folder, AppEditsPolicy.Keep);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        await AssertSeenEverywhereAsync(reader, "/learn/outline", p => p.Contains(title), "the imported title");
    }

    [Fact]
    public async Task An_attachment_upload_is_served_by_both_instances()
    {
        var lesson = await ScratchLesson.PublishAsync(First, releaseAfterDays: 0);
        var reader = await ReaderAsync();
        var url = $"/learn/{lesson.Slug}";
        Assert.DoesNotContain("Worksheets and recordings", await PageAsync(reader.OnSecond, url));

        var name = $"worksheet-{Guid.NewGuid():N}.pdf";
        byte[] pdf = [.. "%PDF-1.4\n%test\n"u8];
        using (var scope = First.Services.CreateScope())
        {
            var upload = await scope.ServiceProvider.GetRequiredService<LessonAttachments>().UploadAsync(lesson.Id, name, new MemoryStream(pdf), pdf.Length, AuditActor.System);
            Assert.True(upload.Ok, upload.Message);
        }

        await AssertSeenEverywhereAsync(reader, url, p => p.Contains(name), "the uploaded file");
    }

    [Fact]
    public async Task A_rolled_back_write_signals_no_instance()
    {
        var lesson = await ScratchLesson.PublishAsync(First, releaseAfterDays: 0);
        var reader = await ReaderAsync();
        var url = $"/learn/{lesson.Slug}";
        Assert.Contains(lesson.Text, await PageAsync(reader.OnSecond, url));
        var changes = 0;
        void Count() => Interlocked.Increment(ref changes);
        var secondChanges = Second.Services.GetRequiredService<ContentChanges>();
        secondChanges.Changed += Count;
        try
        {
            var failed = $"Never committed {Guid.NewGuid():N}.";
            await using (var db = First.Database.CreateContext())
            {
                await Assert.ThrowsAsync<InvalidOperationException>(() => ContentWrites.RunAsync(db, First.Services.GetRequiredService<CourseContentCache>(), async ct =>
                {
                    await db.Lessons.Where(l => l.Id == lesson.Id).ExecuteUpdateAsync(s => s.SetProperty(l => l.BodyMarkdown, failed), ct);
                    throw new InvalidOperationException("the write fails after the change");
                }));
            }

            // Notifications arrive in commit order: once this edit is served, any earlier signal has been handled.
            var committed = $"Committed {Guid.NewGuid():N}.";
            await lesson.ChangeAsync(d => d.BodyMarkdown = committed);
            Assert.True(await ShowsWithinAsync(reader.OnSecond, url, p => p.Contains(committed), Promise));
            Assert.Equal(1, Volatile.Read(ref changes));
        }
        finally
        {
            secondChanges.Changed -= Count;
        }
    }

    [Fact]
    public async Task After_its_listening_connection_is_killed_an_instance_reconnects_and_serves_later_edits()
    {
        var lesson = await ScratchLesson.PublishAsync(First, releaseAfterDays: 0);
        var reader = await ReaderAsync();
        var url = $"/learn/{lesson.Slug}";
        Assert.Contains(lesson.Text, await PageAsync(reader.OnSecond, url));
        var listener = Second.Services.GetServices<IHostedService>().OfType<ContentChangeListener>().Single();
        var connectionsBefore = listener.Connections;

        await using (var server = new NpgsqlConnection(Second.Database.ConnectionString))
        {
            await server.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @name", server);
            kill.Parameters.AddWithValue("name", listener.ApplicationName);
            Assert.Equal(1L, await kill.ExecuteScalarAsync());
        }
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (listener.Connections == connectionsBefore && DateTime.UtcNow < until) await Task.Delay(50);
        Assert.True(listener.Connections > connectionsBefore, "the listener did not reconnect");

        var edited = $"Edited after the reconnect {Guid.NewGuid():N}.";
        await lesson.ChangeAsync(d => d.BodyMarkdown = edited);
        Assert.True(await ShowsWithinAsync(reader.OnSecond, url, p => p.Contains(edited), Promise));
    }
}
