using AnxiousToSecure.BrowserTests.Infrastructure;
using AnxiousToSecure.Core.Data;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AnxiousToSecure.BrowserTests.Journeys;

/// <summary>
/// The pages the student journeys do not open still work under the Content-Security-Policy: the
/// admin pages, the jobs dashboard (its own policy) and the account pages. Every journey also fails
/// on any violation Chromium reports (see <see cref="BrowserTest"/>).
/// </summary>
[Trait("Category", "Security")]
public sealed class ContentSecurityPolicyTests(BrowserApp app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact]
    public Task Staff_and_account_pages_work_under_the_content_security_policy() => JourneyAsync(async () =>
    {
        var email = await App.CreateUserAsync(Roles.Admin);
        var page = await NewPageAsync();
        await SignInAsync(page, App.BaseUrl, email);

        foreach (var path in new[] { "/admin", "/admin/enrollments", "/admin/audit", "/author", "/Account/Manage", "/Account/Manage/TwoFactorAuthentication", "/Account/Manage/Passkeys", "/learn" })
        {
            var response = await page.GotoAsync(Url(path));
            Assert.True(response?.Ok, $"{path}: {response?.Status}");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        // Hangfire's dashboard draws its live graph with its own scripts.
        await page.GotoAsync(Url("/admin/jobs"));
        await Expect(page.Locator("#realtimeGraph, #historyGraph").First).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    });
}
