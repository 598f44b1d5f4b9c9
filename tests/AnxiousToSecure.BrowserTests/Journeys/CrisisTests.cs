using System.Text.RegularExpressions;
using AnxiousToSecure.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AnxiousToSecure.BrowserTests.Journeys;

/// <summary>The crisis page on a phone in a bad moment: her country first, every number a big button, still there offline.</summary>
[Trait("Category", "Browser")]
public sealed class CrisisTests(BrowserApp app, ITestOutputHelper output) : BrowserTest(app, output)
{
    /// <summary>Every call and text button can be hit with a finger.</summary>
    private static async Task AssertBigEnoughAsync(ILocator buttons)
    {
        var count = await buttons.CountAsync();
        Assert.True(count > 0, "no call buttons");
        for (var i = 0; i < count; i++) await AssertTappableAsync(buttons.Nth(i));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public Task Her_country_comes_first_every_number_is_a_big_button_and_the_page_opens_offline(bool phone) => JourneyAsync(async () =>
    {
        var page = await NewPageAsync(phone, locale: "en-AU");
        await page.GotoAsync(Url("/crisis"));
        await Expect(page.Locator(".crisis-region h2").First).ToHaveTextAsync("Australia");
        var yours = page.Locator("#your-country");
        await Expect(yours.Locator("a[href='tel:000']")).ToBeVisibleAsync();
        await Expect(yours.Locator("a[href='tel:131114']")).ToContainTextAsync("Lifeline");
        await Expect(yours.Locator("a[href^='sms:']")).ToHaveCountAsync(0);
        await AssertBigEnoughAsync(page.Locator("a.dial"));
        await AssertAccessibleAsync(page, "the crisis page");

        // Another country, by a plain link.
        var nz = page.Locator(".country-picker a", new() { HasText = "New Zealand" });
        if (phone) await TapAsync(nz); else await nz.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/crisis\\?country=NZ$"));
        await Expect(page.Locator("#your-country h2")).ToHaveTextAsync("New Zealand");
        await Expect(page.Locator("#your-country a[href='sms:1737']")).ToBeVisibleAsync();

        // Seen once with the service worker in charge, the page opens without a network.
        await page.EvaluateAsync("() => navigator.serviceWorker.ready.then(() => true)");
        var reach = await page.EvaluateAsync<string>("() => fetch('/crisis', { credentials: 'omit' }).then(r => `${r.status} ${r.headers.get('Cache-Control')}`, e => `failed ${e}`)");
        Assert.StartsWith("200", reach);
        Assert.DoesNotContain("no-store", reach);
        await page.ReloadAsync();
        await Expect(page.Locator("#your-country h2")).ToHaveTextAsync("New Zealand");
        await page.Context.SetOfflineAsync(true);
        var offline = await page.ReloadAsync();
        Assert.True(offline?.FromServiceWorker, "the offline page did not come from the service worker");
        await Expect(page.Locator("h1")).ToHaveTextAsync("If you need help right now");
        await Expect(page.Locator("#your-country h2")).ToHaveTextAsync("New Zealand");
        await AssertBigEnoughAsync(page.Locator("a.dial")); // the stylesheet came from the cache too

        // Only the crisis page is kept: any other page is simply offline.
        await Assert.ThrowsAsync<PlaywrightException>(() => page.GotoAsync(Url("/")));
        await page.Context.SetOfflineAsync(false);
    });

    [Fact]
    public Task The_crisis_page_kept_for_offline_is_the_signed_out_one() => JourneyAsync(async () =>
    {
        var email = $"crisis{Guid.NewGuid():N}@example.com";
        await App.CreateStudentAsync(email, App.Clock.GetUtcNow().AddDays(-3));
        var page = await NewPageAsync(phone: true, locale: "en-GB");
        await SignInAsync(page, App.BaseUrl, email);
        await page.GotoAsync(Url("/crisis"));
        await page.EvaluateAsync("() => navigator.serviceWorker.ready.then(() => true)");
        await page.ReloadAsync();
        await Expect(page.Locator("#your-country h2")).ToHaveTextAsync("United Kingdom");

        // What the worker kept is the signed-out page (fetched without her cookies), never hers.
        var kept = await page.EvaluateAsync<string[]>("""
            async () => {
                const texts = [];
                for (const name of await caches.keys()) {
                    const cache = await caches.open(name);
                    for (const request of await cache.keys()) {
                        if (new URL(request.url).pathname === '/crisis') texts.push(await (await cache.match(request)).text());
                    }
                }
                return texts;
            }
            """);
        Assert.NotEmpty(kept);
        Assert.All(kept, html => Assert.DoesNotContain("Sign out", html));
    });
}
