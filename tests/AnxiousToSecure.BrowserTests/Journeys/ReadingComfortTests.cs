using System.Text.RegularExpressions;
using AnxiousToSecure.BrowserTests.Infrastructure;
using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AnxiousToSecure.BrowserTests.Journeys;

/// <summary>
/// One clock and reading comfort, on a phone and a laptop: sign-up keeps the zone her browser
/// reports, theme and text size stay chosen across reloads (the soft dark is dark from the first
/// paint), the phone header is one line with "Need help now?" in sight and a menu that opens by keyboard.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ReadingComfortTests(BrowserApp app, ITestOutputHelper output) : BrowserTest(app, output)
{
    private const string BodyBackground = "() => getComputedStyle(document.body).backgroundColor";
    private const string BodyColour = "() => getComputedStyle(document.body).color";
    private const string RootFontSize = "() => getComputedStyle(document.documentElement).fontSize";

    public static TheoryData<bool> Screens() => [false, true];

    [Theory]
    [MemberData(nameof(Screens))]
    public Task Sign_up_keeps_the_time_zone_her_browser_reports_and_her_profile_shows_it(bool phone) => JourneyAsync(async () =>
    {
        var email = $"zone{Guid.NewGuid():N}@example.com";
        var page = await NewPageAsync(phone, timeZone: "America/Chicago");
        await page.GotoAsync(Url("/Account/Register"));
        await page.Locator("#Input\\.Name").FillAsync("Maya");
        await page.Locator("#Input\\.Email").FillAsync(email);
        await page.Locator("#Input\\.Password").FillAsync(Password);
        await page.Locator("#Input\\.ConfirmPassword").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Check your email");

        await using (var db = App.Database.CreateContext())
        {
            Assert.Equal("America/Chicago", await db.Users.Where(u => u.Email == email).Select(u => u.TimeZone).SingleAsync());
            await db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailConfirmed, true));
        }

        await SignInAsync(page, App.BaseUrl, email);
        await page.GotoAsync(Url("/Account/Manage"));
        await Expect(page.GetByLabel("Your time zone")).ToHaveValueAsync("America/Chicago");
        await Expect(page.Locator("#zone-now")).ToContainTextAsync(new Regex(@"Your time now: [A-Z][a-z]+day \d{1,2} [A-Z][a-z]+, \d{1,2}:\d\d [ap]m \(America/Chicago\)"));
        await AssertAccessibleAsync(page, "the profile with her time zone");
    });

    [Theory]
    [MemberData(nameof(Screens))]
    public Task Theme_and_text_size_stay_chosen_across_reloads_and_the_dark_is_soft(bool phone) => JourneyAsync(async () =>
    {
        var page = await NewPageAsync(phone);
        await page.GotoAsync(Url("/"));
        Assert.Equal("rgb(251, 248, 244)", await page.EvaluateAsync<string>(BodyBackground));
        Assert.Equal("16px", await page.EvaluateAsync<string>(RootFontSize));

        await ChooseReadingAsync(page, "Soft dark", "Larger");
        await AssertAccessibleAsync(page, "the reading settings in the soft dark");
        foreach (var path in new[] { "/", "/crisis", "/Account/Register" })
        {
            await page.GotoAsync(Url(path));
            await page.ReloadAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
            // Warm and dim, never pure white on pure black.
            Assert.Equal("rgb(31, 27, 23)", await page.EvaluateAsync<string>(BodyBackground));
            Assert.Equal("rgb(214, 201, 184)", await page.EvaluateAsync<string>(BodyColour));
            Assert.Equal("20px", await page.EvaluateAsync<string>(RootFontSize));
            await AssertAccessibleAsync(page, $"{path} in the soft dark, larger text");
        }

        // The server paints it: the very first response already carries her choice.
        var first = await page.GotoAsync(Url("/"));
        Assert.Contains("data-theme=\"dark\" data-text=\"larger\"", await first!.TextAsync());

        await ChooseReadingAsync(page, "Light", "Normal");
        await page.GotoAsync(Url("/"));
        Assert.Equal("rgb(251, 248, 244)", await page.EvaluateAsync<string>(BodyBackground));
        Assert.Equal("16px", await page.EvaluateAsync<string>(RootFontSize));
    });

    [Fact]
    public Task The_device_theme_is_followed_until_she_picks_one() => JourneyAsync(async () =>
    {
        var page = await NewPageAsync();
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.GotoAsync(Url("/"));
        Assert.Equal("rgb(31, 27, 23)", await page.EvaluateAsync<string>(BodyBackground));
        await ChooseReadingAsync(page, "Light");
        await page.GotoAsync(Url("/"));
        Assert.Equal("rgb(251, 248, 244)", await page.EvaluateAsync<string>(BodyBackground));
    });

    [Fact]
    public Task On_a_phone_the_header_is_one_line_with_the_crisis_link_and_a_menu_that_opens_by_keyboard() => JourneyAsync(async () =>
    {
        var email = $"header{Guid.NewGuid():N}@example.com";
        await App.CreateStudentAsync(email, App.Clock.GetUtcNow().AddDays(-3));
        var page = await NewPageAsync(phone: true);
        await SignInAsync(page, App.BaseUrl, email);
        await page.GotoAsync(Url("/learn/welcome"));
        await Expect(page.Locator(".lesson-position")).ToHaveTextAsync(new Regex(@"^Module 1 · Lesson 1 of \d+$"));

        var header = page.Locator(".header-row");
        var brand = await page.Locator(".brand").BoundingBoxAsync();
        var crisis = page.Locator("header").GetByRole(AriaRole.Link, new() { Name = "Need help now?" });
        var menu = page.Locator(".site-menu > summary");
        await Expect(crisis).ToBeVisibleAsync();
        await Expect(menu).ToBeVisibleAsync();
        var crisisBox = (await crisis.BoundingBoxAsync())!;
        var menuBox = (await menu.BoundingBoxAsync())!;
        var row = (await header.BoundingBoxAsync())!;
        // One line: everything shares the row, which is no taller than one 44-pixel control and its padding.
        Assert.True(row.Height <= 64, $"the header row is {row.Height:F0} px tall");
        foreach (var box in new[] { brand!, crisisBox, menuBox }) Assert.InRange(box.Y + box.Height / 2, row.Y, row.Y + row.Height);
        Assert.True(menuBox.X + menuBox.Width <= 390, $"the menu button ends at {menuBox.X + menuBox.Width:F0} px, off the screen");
        Assert.True(crisisBox.Height >= 44 && menuBox.Height >= 44, "a header control is under 44 px tall");

        var journal = page.Locator("header").GetByRole(AriaRole.Link, new() { Name = "Journal" });
        await Expect(journal).ToBeHiddenAsync();
        await menu.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(journal).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("header nav a").First).ToBeFocusedAsync();
        await AssertAccessibleAsync(page, "the lesson page with the phone menu open");
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.PressAsync("Enter");
        await Expect(journal).ToBeHiddenAsync();

        await ChooseReadingAsync(page, "Soft dark");
        await page.GotoAsync(Url("/learn/welcome"));
        await AssertAccessibleAsync(page, "the lesson page in the soft dark");
        await page.GotoAsync(Url("/journal"));
        await AssertAccessibleAsync(page, "the journal in the soft dark");
    });

    [Fact]
    public Task On_a_laptop_the_menu_links_sit_in_the_header_with_the_crisis_link() => JourneyAsync(async () =>
    {
        var email = $"header{Guid.NewGuid():N}@example.com";
        await App.CreateStudentAsync(email, App.Clock.GetUtcNow().AddDays(-3));
        var page = await NewPageAsync();
        await SignInAsync(page, App.BaseUrl, email);
        await page.GotoAsync(Url("/learn/welcome"));
        await Expect(page.Locator(".site-menu > summary")).ToBeHiddenAsync();
        await Expect(page.Locator("header").GetByRole(AriaRole.Link, new() { Name = "Need help now?" })).ToBeVisibleAsync();
        var journal = page.Locator("header").GetByRole(AriaRole.Link, new() { Name = "Journal" });
        await Expect(journal).ToBeVisibleAsync();
        await journal.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/journal$"));
        await Expect(page.Locator(".lesson-position")).ToHaveCountAsync(0);

        await ChooseReadingAsync(page, "Soft dark");
        foreach (var path in new[] { "/learn/welcome", "/learn", "/Account/Manage", "/settings/reminders", "/purchases" })
        {
            await page.GotoAsync(Url(path));
            await AssertAccessibleAsync(page, $"{path} in the soft dark");
        }
    });
}
