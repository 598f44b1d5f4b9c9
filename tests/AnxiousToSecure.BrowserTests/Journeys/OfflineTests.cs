using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AnxiousToSecure.BrowserTests.Infrastructure;
using AnxiousToSecure.Core.Journal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AnxiousToSecure.BrowserTests.Journeys;

/// <summary>
/// Offline and installable, on a 390-pixel phone: what she opened of her course and her toolkit reads
/// without a connection, a reflection written offline is saved when she is back, and after signing out
/// (or when her sign-in is gone) nothing of hers is left in the worker's cache. The manifest makes the
/// site installable.
/// </summary>
[Trait("Category", "Browser")]
public sealed class OfflineTests(BrowserApp app, ITestOutputHelper output) : BrowserTest(app, output)
{

    private const string Lesson = "welcome";

    /// <summary>The worker's caches of someone's pages, by name, with the paths each keeps.</summary>
    private const string HersScript = """
        async () => {
            const kept = {};
            for (const name of (await caches.keys()).filter(n => n.startsWith('ats-user-'))) {
                kept[name] = (await (await caches.open(name)).keys()).map(r => new URL(r.url).pathname);
            }
            return JSON.stringify(kept);
        }
        """;

    private static async Task<Dictionary<string, string[]>> HersAsync(IPage page) =>
        JsonSerializer.Deserialize<Dictionary<string, string[]>>(await page.EvaluateAsync<string>(HersScript))!;

    private async Task<(IPage Page, string Email, string Id)> StudentOnPhoneAsync()
    {
        var email = $"offline{Guid.NewGuid():N}@example.com";
        var user = await App.CreateStudentAsync(email, App.Clock.GetUtcNow().AddDays(-60));
        var page = await NewPageAsync(phone: true);
        await SignInAsync(page, App.BaseUrl, email);
        // The worker takes charge of the open page once it is active (clients.claim). Signing in cleared the
        // site's storage, the worker's registration with it, so it may take a page or two to be back.
        for (var tries = 0; tries < 10; tries++)
        {
            await page.GotoAsync(Url("/learn"));
            if (await page.EvaluateAsync<bool>("""
                () => Promise.race([
                    navigator.serviceWorker.ready.then(() => new Promise(r => setTimeout(r, 250))).then(() => navigator.serviceWorker.controller !== null),
                    new Promise(r => setTimeout(() => r(false), 3000))])
                """)) return (page, email, user.Id);
        }
        throw new InvalidOperationException("The service worker never took charge of the page.");
    }

    /// <summary>Opens the pages (with the worker in charge) and waits until her cache holds them.</summary>
    private static async Task OpenAndKeepAsync(IPage page, string baseUrl, params string[] paths)
    {
        foreach (var path in paths) await page.GotoAsync(baseUrl + path);
        var wanted = JsonSerializer.Serialize(paths);
        await page.WaitForFunctionAsync($$"""
            async wanted => {
                const names = (await caches.keys()).filter(n => n.startsWith('ats-user-'));
                const kept = [];
                for (const name of names) kept.push(...(await (await caches.open(name)).keys()).map(r => new URL(r.url).pathname));
                return wanted.every(p => kept.includes(p));
            }
            """, JsonSerializer.Deserialize<string[]>(wanted), new() { PollingInterval = 100 });
    }

    /// <summary>Offline, the address opens nothing (in a tab of its own, so the error page does not get in the next one's way).</summary>
    private static async Task AssertNotServedAsync(IBrowserContext context, string url)
    {
        var tab = await context.NewPageAsync();
        await Assert.ThrowsAsync<PlaywrightException>(() => tab.GotoAsync(url));
        await tab.CloseAsync();
    }

    [Fact]
    public Task She_reads_what_she_opened_offline_and_a_reflection_written_offline_is_saved_when_she_is_back() => JourneyAsync(async () =>
    {
        var (page, email, id) = await StudentOnPhoneAsync();
        await OpenAndKeepAsync(page, App.BaseUrl, "/learn", $"/learn/{Lesson}", "/toolkit");
        await page.GotoAsync(Url($"/learn/{Lesson}"));
        var title = await page.Locator("h1").InnerTextAsync();

        // One cache, named by the opaque owner id the server sends: never her email or account id.
        var hers = Assert.Single(await HersAsync(page));
        Assert.Equal($"ats-user-v2-{JournalDrafts.Owner(id)}", hers.Key);
        Assert.DoesNotContain(email, hers.Key, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(id, hers.Key, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("/learn", hers.Value);

        await page.Context.SetOfflineAsync(true);
        var lesson = await page.GotoAsync(Url($"/learn/{Lesson}"));
        Assert.True(lesson?.FromServiceWorker, "the offline lesson did not come from the service worker");
        await Expect(page.Locator("h1")).ToHaveTextAsync(title);
        await AssertFitsAsync(page, 390, "the lesson offline");
        await AssertAccessibleAsync(page, "the lesson offline");

        // From the lesson to her toolkit by the header's link, as she would (Blazor's enhanced navigation, answered from the cache).
        await TapAsync(page.Locator(".site-menu > summary"));
        await TapAsync(page.Locator("header").GetByRole(AriaRole.Link, new() { Name = "Steady now" }));
        await Expect(page).ToHaveURLAsync(new Regex("/toolkit$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Steady now");
        await ShotAsync(page, "offline-toolkit");
        var course = await page.GotoAsync(Url("/learn"));
        Assert.True(course?.FromServiceWorker, "her course page offline did not come from the service worker");
        await Expect(page.Locator("main h1")).ToBeVisibleAsync();
        await page.GotoAsync(Url("/crisis"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("If you need help right now");
        // A lesson she never opened on this device was never kept.
        await AssertNotServedAsync(page.Context, Url("/learn/what-attachment-is"));

        // Written offline: kept on this device, and saved once she is back.
        var words = $"Written on the bus with no signal ({Guid.NewGuid():N}).";
        await page.GotoAsync(Url($"/learn/{Lesson}"));
        await page.Locator("#reflection-text").FillAsync(words);
        await Expect(page.Locator(".journal-status")).ToContainTextAsync("kept on this device");
        await page.Context.SetOfflineAsync(false);
        await Expect(page.Locator(".journal-status")).ToHaveTextAsync(new Regex("^Saved "), new() { Timeout = 15_000 });

        using var scope = App.Services.CreateScope();
        await using var db = App.Database.CreateContext();
        var lessonId = await db.Lessons.Where(l => l.Slug == Lesson).Select(l => l.Id).SingleAsync();
        var saved = await scope.ServiceProvider.GetRequiredService<JournalService>().GetAsync(id, lessonId);
        Assert.Equal(words, saved?.Text);
    });

    [Fact]
    public Task After_she_signs_out_nothing_of_hers_opens_offline() => JourneyAsync(async () =>
    {
        var (page, _, _) = await StudentOnPhoneAsync();
        await OpenAndKeepAsync(page, App.BaseUrl, "/learn", $"/learn/{Lesson}", "/toolkit");
        Assert.NotEmpty(await HersAsync(page));

        await TapAsync(page.Locator(".site-menu > summary"));
        await TapAsync(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }));
        await TapAsync(page.Locator(".site-menu > summary"));
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        Assert.Empty(await HersAsync(page));

        await page.Context.SetOfflineAsync(true);
        foreach (var path in new[] { $"/learn/{Lesson}", "/toolkit", "/learn" }) await AssertNotServedAsync(page.Context, Url(path));
        await page.Context.SetOfflineAsync(false);
    });

    [Fact]
    public Task A_page_sent_to_nobody_drops_her_pages_even_without_the_sign_out_button() => JourneyAsync(async () =>
    {
        // As in a browser that ignores Clear-Site-Data, or when her sign-in ended by itself: the worker alone clears.
        var (page, _, _) = await StudentOnPhoneAsync();
        await OpenAndKeepAsync(page, App.BaseUrl, $"/learn/{Lesson}");
        await page.Context.ClearCookiesAsync();
        await page.GotoAsync(Url("/"));
        await page.WaitForFunctionAsync("async () => (await caches.keys()).every(n => !n.startsWith('ats-user-'))", null, new() { PollingInterval = 100 });

        await page.Context.SetOfflineAsync(true);
        await AssertNotServedAsync(page.Context, Url($"/learn/{Lesson}"));
        await page.Context.SetOfflineAsync(false);
    });

    [Fact]
    public Task The_site_is_installable_with_a_manifest_icons_and_a_theme_colour() => JourneyAsync(async () =>
    {
        using var http = App.CreateHttpsClient();
        using var response = await http.GetAsync(Url("/manifest.webmanifest"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/manifest+json", response.Content.Headers.ContentType?.MediaType);
        using var manifest = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = manifest.RootElement;
        Assert.Equal("Anxious to Secure", root.GetProperty("name").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("short_name").GetString()));
        Assert.Equal("standalone", root.GetProperty("display").GetString());
        Assert.Equal("/learn", root.GetProperty("start_url").GetString());
        Assert.Matches("^#[0-9a-f]{6}$", root.GetProperty("theme_color").GetString());
        Assert.Matches("^#[0-9a-f]{6}$", root.GetProperty("background_color").GetString());
        var sizes = new HashSet<int>();
        foreach (var icon in root.GetProperty("icons").EnumerateArray())
        {
            using var png = await http.GetAsync(Url(icon.GetProperty("src").GetString()!));
            Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
            var bytes = await png.Content.ReadAsByteArrayAsync();
            var width = (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19];
            Assert.Equal($"{width}x{width}", icon.GetProperty("sizes").GetString());
            sizes.Add(width);
        }
        Assert.Superset(new HashSet<int> { 192, 512 }, sizes);

        // Every page links it, and the browser reads it without a complaint.
        var page = await NewPageAsync(phone: true);
        await page.GotoAsync(Url("/"));
        await Expect(page.Locator("link[rel=manifest]")).ToHaveAttributeAsync("href", "manifest.webmanifest");
        await Expect(page.Locator("meta[name=theme-color]").First).ToHaveAttributeAsync("content", root.GetProperty("theme_color").GetString()!);
        var cdp = await page.Context.NewCDPSessionAsync(page);
        var read = await cdp.SendAsync("Page.getAppManifest");
        Assert.True(read.HasValue, "no answer about the manifest");
        Assert.EndsWith("/manifest.webmanifest", read.Value.GetProperty("url").GetString());
        Assert.Empty(read.Value.GetProperty("errors").EnumerateArray());
    });
}
