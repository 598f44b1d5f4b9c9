using System.Net;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.IntegrationTests.Drip;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Drip;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Settings;

/// <summary>RFC 8058 one-click unsubscribe: no sign-in, a signed token, works once.</summary>
[Trait("Category", "Settings")]
public sealed class UnsubscribeTests : DripHarness
{
    private static FormUrlEncodedContent OneClickBody() => new([new("List-Unsubscribe", "One-Click")]);

    private async Task<(Core.Data.ApplicationUser Student, string OneClickUrl)> StudentWithEmailAsync()
    {
        var student = await EnrolledAsync("Europe/London");
        await SweepAsync();
        var header = Assert.Single(MailTo(student)).Headers["List-Unsubscribe"];
        return (student, new Uri(header!.Trim('<', '>')).PathAndQuery);
    }

    private async Task<bool> LessonEmailsOnAsync(string userId)
    {
        await using var db = App.Database.CreateContext();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.LessonEmails).SingleAsync();
    }

    [Fact]
    public async Task The_one_click_link_works_without_signing_in_and_only_once()
    {
        var (student, url) = await StudentWithEmailAsync();
        using var anonymous = App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = App.ClientOptions.BaseAddress });

        var first = await anonymous.PostAsync(url, OneClickBody());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(await LessonEmailsOnAsync(student.Id));

        var second = await anonymous.PostAsync(url, OneClickBody());
        Assert.Equal(HttpStatusCode.Gone, second.StatusCode);

        // No more lesson email, but the course stays open.
        At(MorningOf(SecondLesson.ReleaseAfterDays, "Europe/London"));
        Assert.Equal(1, (await SweepAsync()).Released);
        Assert.Single(MailTo(student));
    }

    [Fact]
    public async Task A_tampered_token_is_refused_and_changes_nothing()
    {
        var (student, url) = await StudentWithEmailAsync();
        using var anonymous = App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = App.ClientOptions.BaseAddress });
        var at = url.IndexOf("token=", StringComparison.Ordinal) + "token=".Length + 10;
        var tampered = url[..at] + (url[at] == 'A' ? 'B' : 'A') + url[(at + 1)..];

        var response = await anonymous.PostAsync(tampered, OneClickBody());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var empty = await anonymous.PostAsync("/email/unsubscribe/one-click", OneClickBody());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True(await LessonEmailsOnAsync(student.Id));
    }

    [Fact]
    public async Task Opening_the_link_in_a_browser_changes_nothing_until_she_presses_the_button()
    {
        var (student, url) = await StudentWithEmailAsync();
        var pageUrl = url.Replace("/one-click", "", StringComparison.Ordinal);
        var browser = BrowserlessClient.Create(App);

        var (opened, page) = await browser.GetAsync(pageUrl);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.True(await LessonEmailsOnAsync(student.Id));

        var form = page.QuerySelector("form#unsubscribe")!;
        var pressed = await browser.Http.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click"), new("from", "page")]));
        Assert.Equal(HttpStatusCode.Redirect, pressed.StatusCode);
        var (_, done) = await browser.GetAsync(pressed.Headers.Location!.OriginalString);
        Assert.Contains("no more lesson emails", done.QuerySelector("[role=status]")!.TextContent);
        Assert.False(await LessonEmailsOnAsync(student.Id));

        var (_, again) = await browser.GetAsync(pageUrl);
        Assert.Contains("already been used", again.QuerySelector("[role=status]")!.TextContent);
    }

    [Fact]
    public async Task Turning_reminders_back_on_in_settings_brings_the_next_lesson_email()
    {
        var (student, url) = await StudentWithEmailAsync();
        using var anonymous = App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = App.ClientOptions.BaseAddress });
        await anonymous.PostAsync(url, OneClickBody());

        var client = BrowserlessClient.Create(App);
        await client.SignInAsync(student.Email!);
        var (_, settings) = await client.GetAsync("/settings/reminders");
        var saved = await client.SubmitAsync(settings, "form#lesson-emails", "/settings/reminders",
            new Dictionary<string, string> { ["Emails.On"] = "True", ["Emails.Format"] = nameof(DripEmailFormat.LinkOnly) });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.True(await LessonEmailsOnAsync(student.Id));

        At(MorningOf(SecondLesson.ReleaseAfterDays, "Europe/London"));
        await SweepAsync();
        Assert.Equal([SecondLesson.Slug], LinkedSlugs(MailTo(student)[^1]));
    }

    [Fact]
    public async Task An_old_link_replayed_after_she_turned_emails_back_on_changes_nothing()
    {
        var (student, url) = await StudentWithEmailAsync();
        using var anonymous = App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = App.ClientOptions.BaseAddress });
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsync(url, OneClickBody())).StatusCode);
        Assert.False(await LessonEmailsOnAsync(student.Id));

        using (var scope = App.Services.CreateScope())
        {
            await Service<ReminderSettingsService>(scope).SetEmailsAsync(student.Id, true, DripEmailFormat.LinkOnly);
        }
        Assert.True(await LessonEmailsOnAsync(student.Id));

        var replayed = await anonymous.PostAsync(url, OneClickBody());
        Assert.Equal(HttpStatusCode.Gone, replayed.StatusCode);
        Assert.True(await LessonEmailsOnAsync(student.Id));
        var browser = BrowserlessClient.Create(App);
        var (_, page) = await browser.GetAsync(url.Replace("/one-click", "", StringComparison.Ordinal));
        Assert.Contains("already been used", page.QuerySelector("[role=status]")!.TextContent);

        // The next lesson email still comes, with a link of its own that works once.
        At(MorningOf(SecondLesson.ReleaseAfterDays, "Europe/London"));
        await SweepAsync();
        Assert.Equal(2, MailTo(student).Count);
        var fresh = new Uri(MailTo(student)[^1].Headers["List-Unsubscribe"]!.Trim('<', '>')).PathAndQuery;
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsync(fresh, OneClickBody())).StatusCode);
        Assert.False(await LessonEmailsOnAsync(student.Id));
    }
}
