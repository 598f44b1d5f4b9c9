using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AnxiousToSecure.TestSupport;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AnxiousToSecure.BrowserTests.Infrastructure;

/// <summary>
/// What journeys share: pages in fresh browser contexts (a phone or a laptop), signing in,
/// registering through the real pages, paying through the fake Stripe, accessibility checks, and a
/// screenshot plus the page's HTML kept under TestResults/browser when a journey fails.
/// </summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(BrowserApp app, ITestOutputHelper output) : IAsyncLifetime
{
    public const string Password = AppFactory.Password;

    private readonly List<IBrowserContext> contexts = [];
    private readonly List<IPage> pages = [];
    private readonly List<string> browserLog = [];
    private readonly List<string> policyViolations = [];

    protected BrowserApp App { get; } = app;

    protected string Url(string path) => App.BaseUrl + path;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in contexts) await context.CloseAsync();
    }

    /// <summary>
    /// A page in its own browser (own cookies): 1280×900, or a 390-pixel-wide touch phone; optionally in a
    /// time zone of its own, and with <paramref name="locale"/> (e.g. en-GB) the browser's language, which it sends as Accept-Language.
    /// </summary>
    protected async Task<IPage> NewPageAsync(bool phone = false, string? timeZone = null, string? locale = null)
    {
        var options = phone
            ? new BrowserNewContextOptions { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2, AcceptDownloads = true }
            : new BrowserNewContextOptions { ViewportSize = new() { Width = 1280, Height = 900 }, AcceptDownloads = true };
        options.TimezoneId = timeZone;
        if (locale is not null) options.Locale = locale;
        var context = await App.Browser.NewContextAsync(options);
        context.SetDefaultTimeout(30_000);
        contexts.Add(context);
        var page = await context.NewPageAsync();
        pages.Add(page);
        // What the browser saw go wrong, for the failure report.
        page.Console += (_, m) => { if (m.Type is "error" or "warning") browserLog.Add($"console {m.Type}: {m.Text}"); };
        // Chromium reports what the Content-Security-Policy blocked on the console.
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.Ordinal)) policyViolations.Add(m.Text); };
        page.Response += (_, r) => { if (r.Status >= 400) browserLog.Add($"{r.Status} {r.Request.Method} {r.Url}"); };
        page.RequestFailed += (_, r) => browserLog.Add($"failed {r.Method} {r.Url}: {r.Failure}");
        return page;
    }

    /// <summary>Runs a journey; if it fails, every open page is kept as a screenshot and its HTML.</summary>
    protected async Task JourneyAsync(Func<Task> journey, [CallerMemberName] string name = "")
    {
        try
        {
            await journey();
            Assert.True(policyViolations.Count == 0, "The Content-Security-Policy blocked: " + string.Join(Environment.NewLine, policyViolations));
        }
        catch
        {
            var folder = Path.Combine(TestPaths.RepositoryRoot, "TestResults", "browser");
            Directory.CreateDirectory(folder);
            for (var i = 0; i < pages.Count; i++)
            {
                if (pages[i].IsClosed) continue;
                var file = Path.Combine(folder, $"{name}-{i}-{DateTime.UtcNow:HHmmss}");
                try
                {
                    await pages[i].ScreenshotAsync(new() { Path = file + ".png", FullPage = true });
                    await File.WriteAllTextAsync(file + ".html", await pages[i].ContentAsync());
                    output.WriteLine($"Kept {file}.png and .html ({pages[i].Url})");
                }
                catch (PlaywrightException e)
                {
                    output.WriteLine($"Could not keep page {i}: {e.Message}");
                }
            }
            output.WriteLine("Browser: " + string.Join(Environment.NewLine, browserLog));
            output.WriteLine("Server errors: " + App.Errors);
            throw;
        }
    }

    protected static async Task SignInAsync(IPage page, string baseUrl, string email, string password = Password)
    {
        await page.GotoAsync(baseUrl + "/Account/Login");
        await page.Locator("#Input\\.Email").FillAsync(email);
        await page.Locator("#Input\\.Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("/Account/Login$|/Account/Login\\?"));
        if (Authenticators.KeyFor(email) is not null && page.Url.Contains("/Account/LoginWith2fa", StringComparison.OrdinalIgnoreCase))
        {
            // Staff complete the second step with the code their authenticator shows.
            await page.Locator("#Input\\.TwoFactorCode").FillAsync(Authenticators.CodeFor(email));
            await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        }
        await Expect(page).Not.ToHaveURLAsync(new Regex("/Account/"));
    }

    /// <summary>
    /// From the register page: she gives her name, email and a password, confirms her address from the email
    /// (which sends her to sign in, thanked) and signs in. By touch on a phone. Wherever she was going next
    /// (her return path) is where the sign-in takes her.
    /// </summary>
    protected async Task RegisterConfirmAndSignInAsync(IPage page, string name, string email, bool phone)
    {
        Func<ILocator, Task> press = phone ? TapAsync : l => l.ClickAsync();
        async Task TypeAsync(ILocator field, string text)
        {
            if (phone) await TapAsync(field);
            await field.FillAsync(text);
        }

        await Expect(page).ToHaveURLAsync(new Regex("/Account/Register"));
        await TypeAsync(page.Locator("#Input\\.Name"), name);
        await TypeAsync(page.Locator("#Input\\.Email"), email);
        await TypeAsync(page.Locator("#Input\\.Password"), Password);
        await TypeAsync(page.Locator("#Input\\.ConfirmPassword"), Password);
        await press(page.GetByRole(AriaRole.Button, new() { Name = "Create account" }));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Check your email");

        var confirmation = await App.MailAsync(email, m => m.Subject == "Confirm your email address");
        var link = Regex.Match(confirmation.TextBody ?? "", @"https?://\S+/Account/ConfirmEmail\S+").Value;
        Assert.False(string.IsNullOrEmpty(link), "no confirmation link in: " + confirmation.TextBody);
        await page.GotoAsync(App.Local(link));
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));
        await Expect(page.Locator("main")).ToContainTextAsync("Thank you for confirming your email. Sign in to go on.");
        await TypeAsync(page.Locator("#Input\\.Email"), email);
        await TypeAsync(page.Locator("#Input\\.Password"), Password);
        await press(page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }));
    }

    /// <summary>
    /// Stripe's hosted checkout, played by the test: the browser is sent to checkout.stripe.test,
    /// the buyer pays there (at the fake Stripe API), Stripe sends the signed webhook and then
    /// returns the browser to the app's success URL.
    /// </summary>
    protected async Task PayOnStripeAsync(IPage page)
    {
        await page.RouteAsync("https://checkout.stripe.test/**", route => route.FulfillAsync(new()
        {
            ContentType = "text/html",
            Body = "<!doctype html><html lang=en><title>Stripe test checkout</title><h1>Pay</h1></html>",
        }));
        await Expect(page).ToHaveURLAsync(new Regex("^https://checkout\\.stripe\\.test/pay/"));
        var sessionId = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        var session = App.Stripe.Pay(sessionId);
        await SendWebhookAsync("checkout.session.completed", session);
        await page.GotoAsync(App.Local((string)session["success_url"]!));
        await Expect(page.Locator("h1")).ToContainTextAsync("You're in");
    }

    protected async Task SendWebhookAsync(string type, JsonObject obj)
    {
        using var http = App.CreateHttpsClient();
        var json = FakeStripe.Event(type, obj, App.Clock.GetUtcNow());
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        content.Headers.Add("Stripe-Signature", FakeStripe.Sign(json, App.Clock.GetUtcNow()));
        var response = await http.PostAsync(Url("/stripe/webhook"), content);
        Assert.True(response.IsSuccessStatusCode, $"webhook answered {(int)response.StatusCode}: {App.Errors}");
    }

    /// <summary>Chooses a theme and text size through the settings page's own form, as she would.</summary>
    protected async Task ChooseReadingAsync(IPage page, string theme, string size = "Normal")
    {
        await page.GotoAsync(Url("/settings/reading"));
        await page.GetByRole(AriaRole.Radio, new() { Name = theme }).CheckAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = size, Exact = true }).CheckAsync();
        await page.Locator("#reading").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved." })).ToBeVisibleAsync();
    }

    /// <summary>No serious or critical accessibility violation on the page as it is now (axe-core).</summary>
    protected static async Task AssertAccessibleAsync(IPage page, string what)
    {
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"{what} ({page.Url}): " + string.Join("; ", bad.Select(v =>
            $"{v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")));
    }

    /// <summary>The page is no wider than the screen: nothing is cut off or needs a sideways scroll.</summary>
    protected static async Task AssertFitsAsync(IPage page, int width, string what)
    {
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{what} is {scrollWidth} px wide on a {width} px screen");
    }

    /// <summary>Keeps a full-page screenshot and the page's HTML under the test output's TestResults/screens, to be looked at.</summary>
    protected static async Task ShotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screens");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        await File.WriteAllTextAsync(Path.Combine(folder, name + ".html"), await page.ContentAsync());
    }

    /// <summary>A tap on a control a finger can hit: at least 44×44 CSS pixels, as WCAG 2.5.5 asks.</summary>
    protected static async Task TapAsync(ILocator control)
    {
        await AssertTappableAsync(control);
        await control.TapAsync();
    }

    /// <summary>The control is big enough to tap (44×44 CSS pixels), checked without tapping it (a <c>tel:</c> link would dial).</summary>
    protected static async Task AssertTappableAsync(ILocator control)
    {
        await control.ScrollIntoViewIfNeededAsync();
        var box = await control.BoundingBoxAsync() ?? throw new InvalidOperationException("The control is not visible.");
        Assert.True(box.Height >= 44 && box.Width >= 44, $"{await control.TextContentAsync()} is {box.Width:F0}×{box.Height:F0} px, under 44×44");
    }
}
