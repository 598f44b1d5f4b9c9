using System.Diagnostics;
using System.Net;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace AnxiousToSecure.IntegrationTests.ScaleOut;

/// <summary>
/// Each instance caches the shared content in its own memory; an edit made through one instance
/// reaches the other's cache through PostgreSQL (the change signal of the write's transaction), so
/// the other serves the new text within a second, without a restart or a timeout.
/// </summary>
[Trait("Category", "ScaleOut")]
[Collection(ScaleOutCollection.Name)]
public sealed class ContentEditsAcrossInstancesTests(TwoInstances cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(1);

    /// <summary>How long to keep asking before calling the other instance stale (longer than the promise, to report the real delay).</summary>
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(5);

    private const string Slug = "welcome";

    [Fact]
    public async Task A_lesson_edited_through_one_instance_is_served_by_the_other_within_a_second()
    {
        // A student reads the lesson through b: b's content cache now holds it.
        var student = await cluster.Database.CreateUserAsync(Roles.Student, enrolledAt: DateTimeOffset.UtcNow.AddDays(-3));
        var reader = TwoInstances.Direct(cluster.B, new CookieContainer());
        await reader.SignInAsync(student.Email!);
        var url = $"/learn/{Slug}";
        var (before, beforePage) = await reader.GetAsync(url);
        Assert.True(before.StatusCode == HttpStatusCode.OK, $"instance b answered {(int)before.StatusCode} for {url}\n{cluster.Diagnostics()}");
        var edited = $"A paragraph added through instance a ({Guid.NewGuid():N}).";
        Assert.DoesNotContain(edited, beforePage.DocumentElement.OuterHtml, StringComparison.Ordinal);

        // An instructor changes it through a: the course downloaded and uploaded again with one paragraph more.
        var instructor = await cluster.Database.CreateUserAsync(Roles.Instructor);
        var author = TwoInstances.Direct(cluster.A, new CookieContainer());
        await author.SignInAsync(instructor.Email!);
        var zip = ChangedCourse.ZipWithParagraph(await author.Http.GetByteArrayAsync("/author/export"), Slug, edited);
        var upload = Stopwatch.StartNew();
        var uploaded = await CourseZipUpload.PostAsync(author, zip);
        var uploadTook = upload.Elapsed;
        Assert.True(uploaded.StatusCode == HttpStatusCode.Redirect, $"the import answered {(int)uploaded.StatusCode}\n{cluster.Diagnostics()}");

        // The import has committed when a answers: from then on, ask b until it serves the new text.
        var clock = Stopwatch.StartNew();
        var asked = 0;
        TimeSpan? served = null;
        while (clock.Elapsed < GiveUpAfter)
        {
            asked++;
            var (response, page) = await reader.GetAsync(url);
            if (response.StatusCode == HttpStatusCode.OK && page.DocumentElement.OuterHtml.Contains(edited, StringComparison.Ordinal))
            {
                served = clock.Elapsed;
                break;
            }
            await Task.Delay(20);
        }
        output.WriteLine(served is { } s
            ? $"Import through instance a answered in {uploadTook.TotalMilliseconds:F0} ms; instance b served the edit {s.TotalMilliseconds:F0} ms later (request {asked})."
            : $"Import through instance a answered in {uploadTook.TotalMilliseconds:F0} ms; instance b still served the old lesson after {GiveUpAfter.TotalMilliseconds:F0} ms ({asked} requests).");

        await using (var db = cluster.Database.CreateContext())
        {
            var saved = await db.Lessons.Where(l => l.Slug == Slug).Select(l => l.BodyMarkdown).SingleAsync();
            Assert.True(saved.Contains(edited, StringComparison.Ordinal), $"the import through a did not change the lesson\n{cluster.Diagnostics()}");
        }
        Assert.True(served is not null,
            $"instance b still served the old lesson {GiveUpAfter.TotalMilliseconds:F0} ms after the import through a committed\n{cluster.Diagnostics()}");
        Assert.True(served <= Promise,
            $"instance b served the edit only {served!.Value.TotalMilliseconds:F0} ms after the import through a committed (promised: within {Promise.TotalMilliseconds:F0} ms)");
    }
}
