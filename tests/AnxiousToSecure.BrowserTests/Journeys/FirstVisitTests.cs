using System.Text.RegularExpressions;
using AnxiousToSecure.BrowserTests.Infrastructure;
using AnxiousToSecure.TestSupport.Author;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AnxiousToSecure.BrowserTests.Journeys;

/// <summary>
/// Journeys 1 and 5: a visitor reads the course page, presses "Create an account to enroll", registers,
/// confirms her email from the message that arrived over SMTP, signs in and goes straight on to pay,
/// gets her welcome email, reads lesson 1, writes a reflection, marks the lesson complete and sees her
/// progress; signing in again lands on her dashboard. On a laptop, and on a 390-pixel phone by touch alone.
/// </summary>
[Trait("Category", "Browser")]
public sealed class FirstVisitTests(BrowserApp app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact]
    public Task A_visitor_registers_confirms_buys_reads_reflects_completes_and_sees_her_progress() =>
        JourneyAsync(() => FirstVisitAsync(phone: false));

    [Fact]
    public Task On_a_390_pixel_phone_she_does_it_all_with_touch_sized_controls() =>
        JourneyAsync(() => FirstVisitAsync(phone: true));

    private async Task FirstVisitAsync(bool phone)
    {
        var email = $"visitor{Guid.NewGuid():N}@example.com";
        var page = await NewPageAsync(phone);
        Func<ILocator, Task> press = phone ? TapAsync : l => l.ClickAsync();

        // The course page: what it is, what it is not, and how to begin.
        await page.GotoAsync(Url("/"));
        await Expect(page.Locator("h1")).ToContainTextAsync("Anxious to Secure");
        await Expect(page.GetByText("education, not therapy").First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Need help now?" })).ToBeVisibleAsync();
        await press(page.GetByRole(AriaRole.Link, new() { Name = "Create an account to enroll" }));

        // One heading, her name, and the password rules on show before she types one.
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Register"));
        await Expect(page.Locator("h1")).ToHaveCountAsync(1);
        await Expect(page.Locator("#password-rules")).ToBeVisibleAsync();
        // Her name; the link in the email confirms her address and sends her to sign in, and from there straight on to pay.
        await RegisterConfirmAndSignInAsync(page, "Jane", email, phone);
        await PayOnStripeAsync(page);

        // Her welcome email greets her by name and links to lesson 1.
        await App.SweepAsync();
        var welcome = await App.MailAsync(email, m => m.Subject == "Welcome: your course is open");
        Assert.StartsWith("Welcome, Jane.", welcome.TextBody);
        Assert.Matches(@"https?://\S+/learn/welcome\b", welcome.TextBody ?? "");
        await press(page.GetByRole(AriaRole.Link, new() { Name = $"Start with “{CourseFiles.WelcomeTitle}”" }));

        // Lesson 1: read, reflect (saved as she writes), complete.
        await Expect(page).ToHaveURLAsync(new Regex("/learn/welcome$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync(CourseFiles.WelcomeTitle);
        var reflection = $"I noticed I reached for my phone before I noticed my breath ({Guid.NewGuid():N}).";
        var box = page.Locator("#reflection-text");
        if (phone) await TapAsync(box);
        await box.PressSequentiallyAsync(reflection[..20]);
        await box.FillAsync(reflection);
        await Expect(page.Locator(".journal-status")).ToHaveTextAsync(new Regex(@"^Saved [A-Z][a-z]+day \d{1,2} [A-Z][a-z]+, \d{1,2}:\d\d [ap]m\.$"));
        await press(page.GetByRole(AriaRole.Button, new() { Name = "Mark complete" }));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Mark as not complete" })).ToBeVisibleAsync();
        // She stays where she pressed it: the confirmation and her next step are on screen, not the top of the page.
        await Expect(page).ToHaveURLAsync(new Regex("/learn/welcome#progress$"));
        await Expect(page.Locator(".done")).ToBeInViewportAsync();
        await Expect(page.Locator(".next-step")).ToContainTextAsync("Next: What Attachment Is");
        await Expect(page.Locator(".next-step")).ToBeInViewportAsync();

        // On a phone the header's links sit behind its menu.
        if (phone) await press(page.Locator(".site-menu > summary"));
        await press(page.GetByRole(AriaRole.Link, new() { Name = "My learning" }));
        await Expect(page).ToHaveURLAsync(new Regex("/learn$"));
        await Expect(page.Locator(".progress-text")).ToHaveTextAsync(new Regex(@"^1 of \d+ lessons completed"));

        // The reflection is hers, on her journal page, after a reload.
        await page.GotoAsync(Url("/journal"));
        await Expect(page.Locator("main")).ToContainTextAsync(reflection);

        // Signing in again another day (nowhere to return to) opens her dashboard, not the sales page.
        var later = await NewPageAsync(phone);
        await SignInAsync(later, App.BaseUrl, email);
        await Expect(later).ToHaveURLAsync(new Regex("/learn$"));
    }
}
