using System.Diagnostics;
using System.Text.RegularExpressions;
using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AnxiousToSecure.IntegrationTests.ScaleOut;

/// <summary>
/// The interactive lesson editor through nginx: its circuit stays on one instance (the route cookie),
/// and when that instance is stopped the browser reconnects through nginx to the survivor, with a new
/// circuit; she stays signed in and saves again.
/// </summary>
[Trait("Category", "ScaleOut")]
[Collection(ScaleOutFaultsCollection.Name)]
public sealed class EditorThroughProxyTests(TwoInstances cluster, ITestOutputHelper output) : IClassFixture<TwoInstances>
{
    /// <summary>Kept in sessionStorage, so the states before a reload are still there after it.</summary>
    private const string RecordReconnectStates = """
        () => document.getElementById('components-reconnect-modal').addEventListener('components-reconnect-state-changed', e => {
          const states = JSON.parse(sessionStorage.getItem('reconnect-states') || '[]');
          states.push(e.detail.state);
          sessionStorage.setItem('reconnect-states', JSON.stringify(states));
        })
        """;

    [Fact]
    public async Task The_editor_works_through_nginx_and_after_its_instance_stops_reconnects_to_the_survivor_still_signed_in()
    {
        var instructor = await cluster.Database.CreateUserAsync(Roles.Instructor);
        int lessonId;
        await using (var db = cluster.Database.CreateContext())
        {
            lessonId = await db.Lessons.OrderByDescending(l => l.ReleaseAfterDays).Select(l => l.Id).FirstAsync();
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            // nginx serves the tests' own certificate.
            Args = ["--ignore-certificate-errors", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
        var context = await browser.NewContextAsync(new() { IgnoreHTTPSErrors = true });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            // "Leave site? Changes may not be saved": she chooses to reload, as the reconnect script asks.
            dialogs.Add($"{dialog.Type}: {dialog.Message}");
            await dialog.AcceptAsync();
        };
        var site = cluster.Proxy.Url.ToString().TrimEnd('/');
        try
        {
            await page.GotoAsync(site + "/Account/Login");
            await page.Locator("#Input\\.Email").FillAsync(instructor.Email!);
            await page.Locator("#Input\\.Password").FillAsync(TestSupport.AppFactory.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/Account/LoginWith2fa"));
            await page.Locator("#Input\\.TwoFactorCode").FillAsync(TestSupport.Authenticators.CodeFor(instructor.Email!));
            await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
            await Expect(page).Not.ToHaveURLAsync(new Regex("/Account/"));

            await page.GotoAsync($"{site}/author/lessons/{lessonId}");
            var body = page.Locator("#body");
            await Expect(body).ToBeEnabledAsync(new() { Timeout = 30_000 });
            await page.EvaluateAsync(RecordReconnectStates);
            var first = $"Saved through nginx ({Guid.NewGuid():N}).";
            await body.FillAsync((await body.InputValueAsync()) + "\n\n" + first + "\n");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(page.Locator("#save-status")).ToContainTextAsync("Draft saved");

            // The instance holding her circuit is the one nginx sent the circuit's requests to.
            var circuitInstance = CircuitInstance();
            var unsaved = $"Typed but not saved ({Guid.NewGuid():N}).";
            await body.FillAsync((await body.InputValueAsync()) + unsaved + "\n");
            await Expect(page.Locator(".editor-preview")).ToContainTextAsync(unsaved);

            await page.EvaluateAsync("() => { window.beforeTheStop = true; }");
            var clock = Stopwatch.StartNew();
            await circuitInstance.StopAsync(TimeSpan.FromSeconds(60));
            var stopped = clock.Elapsed;
            // The reconnect is refused by the survivor (it never had this circuit): the page reloads from it.
            await page.WaitForFunctionAsync("() => window.beforeTheStop === undefined", null, new() { Timeout = 90_000 });
            await Expect(page.Locator("#body")).ToBeEnabledAsync(new() { Timeout = 90_000 });
            await Expect(page).ToHaveURLAsync(new Regex($"/author/lessons/{lessonId}$"));
            var live = clock.Elapsed;
            var states = await page.EvaluateAsync<string>("() => sessionStorage.getItem('reconnect-states') || '[]'");
            var kept = (await page.Locator("#body").InputValueAsync()).Contains(unsaved, StringComparison.Ordinal);
            output.WriteLine($"Stopped instance {circuitInstance.Name} in {stopped.TotalSeconds:F1} s; editor live again {live.TotalSeconds:F1} s after the stop began. " +
                $"Reconnect states: {states}. Dialogs: {string.Join(" | ", dialogs)}. Unsaved typing {(kept ? "kept" : "lost")}.");
            Assert.Contains(first, await page.Locator("#body").InputValueAsync(), StringComparison.Ordinal);
            Assert.Contains("rejected", states, StringComparison.Ordinal);

            var again = $"Saved after the reconnect ({Guid.NewGuid():N}).";
            await page.Locator("#body").FillAsync((await page.Locator("#body").InputValueAsync()) + "\n\n" + again + "\n");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(page.Locator("#save-status")).ToContainTextAsync("Draft saved");
            await using var db = cluster.Database.CreateContext();
            // A published lesson's edits are kept as its draft until published.
            var saved = await db.LessonDrafts.Where(d => d.LessonId == lessonId).Select(d => d.BodyMarkdown).SingleAsync();
            Assert.Contains(first, saved, StringComparison.Ordinal);
            Assert.Contains(again, saved, StringComparison.Ordinal);
            Assert.Contains(CircuitInstance(), cluster.Instances.Where(i => i != circuitInstance));
        }
        catch
        {
            output.WriteLine(await page.ContentAsync());
            output.WriteLine(cluster.Diagnostics());
            throw;
        }
    }

    /// <summary>The instance nginx last sent a request of Blazor's circuit to.</summary>
    private TestSupport.Processes.AppInstance CircuitInstance()
    {
        var line = cluster.Proxy.UpstreamLog.Split('\n').Last(l => l.Contains(" /_blazor", StringComparison.Ordinal));
        var port = Regex.Matches(line, @"127\.0\.0\.1:(\d+)").Last().Groups[1].Value;
        return cluster.Instances.Single(i => i.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) == port);
    }
}
