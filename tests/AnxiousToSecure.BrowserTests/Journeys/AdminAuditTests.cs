using AnxiousToSecure.BrowserTests.Infrastructure;
using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AnxiousToSecure.BrowserTests.Journeys;

/// <summary>
/// The admin revokes a student's access from her page: it asks first, then her page agrees with
/// itself (revoked, course closed), and the audit log says so in a sentence. On a phone nothing
/// is wider than the screen.
/// </summary>
[Trait("Category", "Browser")]
public sealed class AdminAuditTests(BrowserApp app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public Task Revoking_asks_first_and_the_audit_log_says_what_happened_in_a_sentence(bool phone) => JourneyAsync(async () =>
    {
        var width = phone ? 390 : 1280;
        var email = $"revoke{Guid.NewGuid():N}@example.com";
        var student = await App.CreateStudentAsync(email, App.Clock.GetUtcNow().AddDays(-3));
        await using (var db = App.Database.CreateContext())
        {
            await db.Users.Where(u => u.Id == student.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, "Jane Example"));
        }
        var admin = await NewPageAsync(phone);
        await SignInAsync(admin, App.BaseUrl, await App.CreateUserAsync(Roles.Admin));

        await admin.GotoAsync(Url($"/admin/students/{student.Id}"));
        await Expect(admin.Locator("h1")).ToHaveTextAsync(email);
        await Expect(admin.Locator("#course-state")).ToContainTextAsync("running");
        await AssertFitsAsync(admin, width, "her page");

        await admin.Locator("#reason-revoke").FillAsync("She asked to leave the course");
        await admin.Locator("form#revoke").GetByRole(AriaRole.Button, new() { Name = "Revoke access…" }).ClickAsync();
        var confirm = admin.Locator("form#confirm-revoke");
        await Expect(confirm).ToContainTextAsync("Revoke access?");
        await Expect(confirm).ToContainTextAsync("Jane Example will no longer be able to open any lesson");
        await Expect(admin.Locator("#enrollment-status")).ToHaveTextAsync("Active");
        await AssertAccessibleAsync(admin, "the revoke confirmation");
        await AssertFitsAsync(admin, width, "the revoke confirmation");
        await ShotAsync(admin, $"revoke-confirm-{width}");

        var yes = confirm.GetByRole(AriaRole.Button, new() { Name = "Yes, revoke access" });
        if (phone) await TapAsync(yes); else await yes.ClickAsync();
        await Expect(admin.Locator("#action-message")).ToContainTextAsync("Access revoked");
        await Expect(admin.Locator("#enrollment-status")).ToHaveTextAsync("Revoked");
        await Expect(admin.Locator("#course-state")).ToContainTextAsync("closed: her access was revoked");
        await Expect(admin.Locator("#course-state")).Not.ToContainTextAsync("running");
        await AssertAccessibleAsync(admin, "her page after a revoke");
        await AssertFitsAsync(admin, width, "her page after a revoke");
        await ShotAsync(admin, $"student-revoked-{width}");

        await admin.GotoAsync(Url($"/admin/audit?student={Uri.EscapeDataString(email)}"));
        // Newest first: her page's views come after the revoke; the revoke reads as a sentence with her name.
        var revoked = admin.Locator("#audit-entries li", new() { HasText = "ended Jane Example’s access" });
        await Expect(revoked).ToContainTextAsync("ended Jane Example’s access (revoked: She asked to leave the course).");
        await Expect(admin.Locator("#audit-entries li").First).ToContainTextAsync("opened Jane Example’s record.");
        await AssertAccessibleAsync(admin, "the audit log");
        await AssertFitsAsync(admin, width, "the audit log");
        await ShotAsync(admin, $"audit-log-{width}");
    });
}
