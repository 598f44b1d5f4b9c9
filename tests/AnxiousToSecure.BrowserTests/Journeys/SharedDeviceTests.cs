using System.Text.Json;
using System.Text.RegularExpressions;
using AnxiousToSecure.BrowserTests.Infrastructure;
using AnxiousToSecure.Core.Journal;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AnxiousToSecure.BrowserTests.Journeys;

/// <summary>
/// Two people on one browser: what the first wrote and could not save stays hers. Signing out and in
/// clears the drafts the page keeps on the device; a draft is never offered to another account, even in
/// a browser that kept it; and a draft older than a day is dropped.
/// </summary>
[Trait("Category", "Security")]
[Trait("Category", "Browser")]
public sealed class SharedDeviceTests(BrowserApp app, ITestOutputHelper output) : BrowserTest(app, output)
{
    private const string DraftsScript = "() => JSON.stringify(Object.keys(localStorage).filter(k => k.startsWith('journal:')).map(k => [k, localStorage.getItem(k)]))";

    private static async Task<List<string[]>> DraftsAsync(IPage page) =>
        JsonSerializer.Deserialize<List<string[]>>(await page.EvaluateAsync<string>(DraftsScript))!;

    private static Task PutDraftsAsync(IPage page, IEnumerable<string[]> drafts) =>
        page.EvaluateAsync("drafts => drafts.forEach(([k, v]) => localStorage.setItem(k, v))", drafts.ToArray());

    private async Task<(string Email, string Id)> StudentAsync()
    {
        var email = $"shared{Guid.NewGuid():N}@example.com";
        var user = await App.CreateStudentAsync(email, App.Clock.GetUtcNow().AddDays(-3));
        return (email, user.Id);
    }

    [Fact]
    public Task A_second_person_signing_in_on_the_same_browser_sees_nothing_of_the_first_ones_draft() => JourneyAsync(async () =>
    {
        var (first, _) = await StudentAsync();
        var (second, _) = await StudentAsync();
        var secret = $"I checked his phone again last night ({Guid.NewGuid():N}).";
        var page = await NewPageAsync();
        await SignInAsync(page, App.BaseUrl, first);

        // The server is out of reach, so what she writes stays on this device as a draft.
        await page.RouteAsync("**/journal/entries/**", route => route.AbortAsync());
        await page.GotoAsync(Url("/learn/welcome"));
        await page.Locator("#reflection-text").FillAsync(secret);
        await Expect(page.Locator(".journal-status")).ToContainTextAsync("kept on this device");
        var hers = await DraftsAsync(page);
        var draft = Assert.Single(hers);
        Assert.Contains(secret, draft[1]);
        Assert.DoesNotContain(first, draft[0] + draft[1], StringComparison.OrdinalIgnoreCase);
        await page.UnrouteAsync("**/journal/entries/**");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        Assert.Empty(await DraftsAsync(page));

        await SignInAsync(page, App.BaseUrl, second);
        // As if this browser had kept her draft anyway (no support for clearing, scripts off at sign-out).
        await PutDraftsAsync(page, hers);
        await page.GotoAsync(Url("/learn/welcome"));
        await Expect(page.Locator("#reflection-text")).ToHaveValueAsync("");
        await Expect(page.Locator(".journal-status")).Not.ToContainTextAsync("Restored");
        Assert.DoesNotContain(secret, await page.ContentAsync());
        Assert.Empty(await DraftsAsync(page)); // hers is dropped, not kept for later

        await page.GotoAsync(Url("/journal"));
        await Expect(page.Locator("main")).Not.ToContainTextAsync(secret);
    });

    [Fact]
    public Task Drafts_are_cleared_at_sign_in_and_expire_after_a_day_but_her_own_fresh_draft_comes_back() => JourneyAsync(async () =>
    {
        var (email, id) = await StudentAsync();
        var key = JournalDrafts.Key(id, "welcome");
        var owner = JournalDrafts.Owner(id);
        var page = await NewPageAsync();
        await page.GotoAsync(Url("/"));
        long now = await page.EvaluateAsync<long>("() => Date.now()");
        string Draft(string text, long at) => JsonSerializer.Serialize(new { text, at, owner });

        // Even her own draft from before does not survive signing in (someone else may have left it there in her name).
        await PutDraftsAsync(page, [[key, Draft("left before signing in", now)]]);
        await SignInAsync(page, App.BaseUrl, email);
        Assert.Empty(await DraftsAsync(page));

        await PutDraftsAsync(page, [[key, Draft("written two days ago", now - (long)TimeSpan.FromDays(2).TotalMilliseconds)]]);
        await page.GotoAsync(Url("/learn/welcome"));
        await Expect(page.Locator("#reflection-text")).ToHaveValueAsync("");
        Assert.Empty(await DraftsAsync(page));

        // Her own draft from an hour ago is what the draft is for: it comes back (and is saved).
        await PutDraftsAsync(page, [[key, Draft("written an hour ago", now - (long)TimeSpan.FromHours(1).TotalMilliseconds)]]);
        await page.GotoAsync(Url("/learn/welcome"));
        await Expect(page.Locator("#reflection-text")).ToHaveValueAsync("written an hour ago");
        await Expect(page.Locator(".journal-status")).ToHaveTextAsync(new Regex(@"^Saved [A-Z][a-z]+day \d{1,2} [A-Z][a-z]+, \d{1,2}:\d\d [ap]m\.$"));
    });
}
