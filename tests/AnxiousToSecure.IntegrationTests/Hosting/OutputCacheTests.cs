using AnxiousToSecure.Core.Catalog;
using System.Net;
using System.Text.RegularExpressions;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Hosting;

/// <summary>The course and crisis pages are served from the output cache to signed-out visitors only.</summary>
[Trait("Category", "Hosting")]
public sealed partial class OutputCacheTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<(HttpResponseMessage Response, string Html, long Commands)> GetAsync(BrowserlessClient client, string url)
    {
        HttpResponseMessage response = null!;
        var html = "";
        var (commands, _) = await app.Statements.DuringAsync(async () =>
        {
            response = await client.Http.GetAsync(url);
            html = await response.Content.ReadAsStringAsync();
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response, html, commands);
    }

    private static bool FromCache(HttpResponseMessage response) => response.Headers.Age is not null;

    [Fact]
    public async Task A_signed_out_visitor_gets_the_course_page_from_the_cache_per_query_string_without_the_database()
    {
        await app.Services.GetRequiredService<PageOutputCache>().EvictContentAsync();
        var visitor = BrowserlessClient.Create(app);
        var first = await GetAsync(visitor, "/");
        Assert.False(FromCache(first.Response), "the first visit renders the page");
        Assert.False(first.Response.Headers.TryGetValues("Set-Cookie", out var cookies), $"sets {string.Join(", ", cookies ?? [])}");

        var second = await GetAsync(BrowserlessClient.Create(app), "/");
        Assert.Equal(0, second.Commands);
        Assert.True(FromCache(second.Response));
        Assert.Equal(first.Html, second.Html);

        var cancelled = await GetAsync(visitor, "/?checkout=cancelled");
        Assert.False(FromCache(cancelled.Response), "another query string is another page");
        Assert.Contains("Checkout was cancelled", cancelled.Html);
        Assert.DoesNotContain("Checkout was cancelled", (await GetAsync(visitor, "/")).Html);

        await GetAsync(visitor, "/crisis");
        Assert.True(FromCache((await GetAsync(visitor, "/crisis")).Response));
    }

    [Fact]
    public async Task Evicting_the_content_tag_makes_the_next_visit_read_the_course_again()
    {
        var visitor = BrowserlessClient.Create(app);
        await GetAsync(visitor, "/");
        Assert.True(FromCache((await GetAsync(visitor, "/")).Response));
        await app.Services.GetRequiredService<PageOutputCache>().EvictContentAsync();
        Assert.False(FromCache((await GetAsync(visitor, "/")).Response));
    }

    [Fact]
    public async Task A_content_change_evicts_the_cached_course_page()
    {
        var visitor = BrowserlessClient.Create(app);
        await GetAsync(visitor, "/");
        Assert.True(FromCache((await GetAsync(visitor, "/")).Response));
        // What a write here or a notification from another instance does.
        app.Services.GetRequiredService<CourseContentCache>().Drop();
        Assert.False(FromCache((await GetAsync(visitor, "/")).Response));
    }

    [Fact]
    public async Task A_signed_in_request_is_never_answered_from_the_cache_nor_cached_for_anyone()
    {
        var visitor = BrowserlessClient.Create(app);
        await GetAsync(visitor, "/");
        await GetAsync(visitor, "/"); // the signed-out page is in the cache now

        var (enrolled, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow());
        var (buyer, _) = await app.SignInNewStudentAsync();
        foreach (var round in Enumerable.Range(0, 2))
        {
            // Rendered for her each time: the first time her state is read from the database, then from its
            // per-student copy (HerStateCache), never from the page cache.
            var hers = await GetAsync(enrolled, "/");
            if (round == 0) Assert.True(hers.Commands > 0);
            Assert.False(FromCache(hers.Response));
            Assert.Contains("Continue the course", hers.Html);
            Assert.DoesNotContain("Create an account", hers.Html);

            var his = await GetAsync(buyer, "/");
            if (round == 0) Assert.True(his.Commands > 0);
            Assert.False(FromCache(his.Response));
            Assert.Contains("id=\"enroll\"", his.Html);
            Assert.DoesNotContain("Continue the course", his.Html);
        }
        Assert.Contains("Create an account", (await GetAsync(BrowserlessClient.Create(app), "/")).Html);
    }

    [Fact]
    public async Task A_cached_page_carries_a_policy_that_allows_its_import_map()
    {
        var visitor = BrowserlessClient.Create(app);
        await GetAsync(visitor, "/crisis");
        var cached = await GetAsync(visitor, "/crisis");
        Assert.True(FromCache(cached.Response));
        var importMap = ImportMap().Match(cached.Html);
        Assert.True(importMap.Success, "the page has an import map");
        var policy = string.Join(";", cached.Response.Headers.GetValues("Content-Security-Policy"));
        var scriptSrc = policy.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));
        var nonce = NonceAttribute().Match(importMap.Groups["attributes"].Value);
        var allowed = scriptSrc.Contains(AppSecurityHeaders.HashSource(importMap.Groups["text"].Value), StringComparison.Ordinal)
            || (nonce.Success && scriptSrc.Contains($"'nonce-{nonce.Groups[1].Value}'", StringComparison.Ordinal));
        Assert.True(allowed, $"{scriptSrc} does not allow the import map {importMap.Value[..Math.Min(200, importMap.Value.Length)]}");
    }

    [GeneratedRegex("<script(?<attributes>[^>]*type=\"importmap\"[^>]*)>(?<text>.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ImportMap();

    [GeneratedRegex("nonce=\"([^\"]+)\"")]
    private static partial Regex NonceAttribute();
}
