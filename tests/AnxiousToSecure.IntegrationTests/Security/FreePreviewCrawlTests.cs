using System.Net;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Security;

/// <summary>
/// Someone without access (a visitor, or a signed-in user with no enrollment) reads exactly the free
/// previews: every page she can reach, every lesson address and every route that takes a lesson's slug
/// is crawled, and no other lesson's text (its fingerprint) may appear on any of them.
/// </summary>
[Trait("Category", "Security")]
public sealed class FreePreviewCrawlTests(AppFactory app) : IClassFixture<AppFactory>
{
    public static TheoryData<string> Visitors() => ["anonymous", "signed in, not enrolled"];

    [Theory]
    [MemberData(nameof(Visitors))]
    public async Task Someone_without_access_reads_exactly_the_free_previews_and_no_other_lessons_text(string who)
    {
        Assert.NotEmpty(CourseFiles.FreePreviews);
        var client = who == "anonymous" ? BrowserlessClient.Create(app) : (await app.SignInNewStudentAsync(enrolledAt: null)).Client;
        var fingerprints = CourseFiles.Lessons.ToDictionary(l => l.Slug, CourseFiles.Fingerprint);
        var seen = new Dictionary<string, string>(); // slug -> the first URL that showed its text
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(["/", "/learn/references"]);
        foreach (var lesson in CourseFiles.Lessons)
        {
            queue.Enqueue($"/learn/{lesson.Slug}");
            foreach (var pattern in SlugRoutes()) queue.Enqueue(pattern.Replace("{slug}", Uri.EscapeDataString(lesson.Slug), StringComparison.OrdinalIgnoreCase));
        }

        while (queue.TryDequeue(out var url) && visited.Count < 400)
        {
            if (!visited.Add(url)) continue;
            var (response, page) = await client.GetAsync(url);
            var html = page.DocumentElement.OuterHtml;
            foreach (var (slug, fingerprint) in fingerprints)
            {
                if (html.Contains(fingerprint, StringComparison.Ordinal)) seen.TryAdd(slug, url);
            }
            if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location is { } location && Local(location.OriginalString) is { } next)
            {
                queue.Enqueue(next);
            }
            // Follow her links within the site (not sign-out or account forms: they are not reading).
            foreach (var href in page.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!))
            {
                if (Local(href) is { } link && !link.StartsWith("/Account", StringComparison.OrdinalIgnoreCase)) queue.Enqueue(link);
            }
        }

        Assert.Equal(CourseFiles.FreePreviews.Select(l => l.Slug).Order(), seen.Keys.Order());
        foreach (var preview in CourseFiles.FreePreviews)
        {
            var (response, page) = await client.GetAsync($"/learn/{preview.Slug}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(fingerprints[preview.Slug], page.DocumentElement.OuterHtml);
            Assert.Null(page.QuerySelector("form.journal-form"));
        }
        Assert.True(visited.Count > CourseFiles.Lessons.Count, $"the crawl reached only {visited.Count} pages");
    }

    /// <summary>Every GET route other than the lesson page that takes a lesson's slug.</summary>
    private IEnumerable<string> SlugRoutes() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is not { } methods || methods.Contains("GET"))
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Where(p => p.Contains("{slug}", StringComparison.OrdinalIgnoreCase) && !p.Equals("/learn/{Slug}", StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>A link or redirect within the site as a path with its query, or null for anything else.</summary>
    private static string? Local(string href)
    {
        if (href.StartsWith('#') || href.StartsWith("mailto:", StringComparison.Ordinal) || href.StartsWith("tel:", StringComparison.Ordinal)) return null;
        var url = new Uri(new Uri("https://localhost/"), href);
        if (url.Host != "localhost") return null;
        if (Path.HasExtension(url.AbsolutePath)) return null;
        return url.PathAndQuery.Split('#')[0];
    }
}
