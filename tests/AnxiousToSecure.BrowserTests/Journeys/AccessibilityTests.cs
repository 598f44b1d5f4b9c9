using AnxiousToSecure.BrowserTests.Infrastructure;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AnxiousToSecure.BrowserTests.Journeys;

/// <summary>
/// axe-core over every page type, as the people who use them see them (laptop and phone):
/// no serious or critical violation anywhere.
/// </summary>
[Trait("Category", "Browser")]
public sealed class AccessibilityTests(BrowserApp app, ITestOutputHelper output) : BrowserTest(app, output)
{
    private static readonly string[] Public = ["/", "/crisis", "/references", "/Account/Login", "/Account/Register", "/Account/ForgotPassword", "/settings/reading", "/no-such-page"];

    private static readonly string[] Student =
        ["/learn", "/learn/outline", "/learn/welcome", "/journal", "/purchases", "/settings/reminders", "/Account/Manage", "/Account/Manage/ChangePassword", "/Account/Manage/PersonalData"];

    private static readonly string[] Author = ["/author", "/author/preview", "/author/preview/welcome", "/author/import"];

    private static readonly string[] Admin = ["/admin", "/admin/enrollments", "/admin/people", "/admin/payments", "/admin/disputes", "/admin/emails", "/admin/audit"];

    /// <summary>Laptop and phone, each in the light theme and in the soft dark (colour contrast is checked in both).</summary>
    public static TheoryData<bool, bool> Screens() => new() { { false, false }, { true, false }, { false, true }, { true, true } };

    [Theory]
    [MemberData(nameof(Screens))]
    public Task Every_page_type_has_no_serious_or_critical_violations(bool phone, bool dark) => JourneyAsync(async () =>
    {
        var theme = dark ? "Soft dark" : "Light";
        var studentEmail = $"axe{Guid.NewGuid():N}@example.com";
        var student = await App.CreateStudentAsync(studentEmail, App.Clock.GetUtcNow().AddDays(-5));
        int lessonId;
        // A payment of its own (paid), so the payment page is checked whatever other journeys ran first.
        var payment = new Payment
        {
            Id = Guid.NewGuid(), UserId = student.Id, Currency = "usd", AmountMinor = 9900, Status = PaymentStatus.Paid,
            CreatedAt = App.Clock.GetUtcNow(), UpdatedAt = App.Clock.GetUtcNow(), PaidAt = App.Clock.GetUtcNow(),
            PaymentIntentId = $"pi_axe{Guid.NewGuid():N}", CheckoutSessionId = $"cs_axe{Guid.NewGuid():N}",
        };
        await using (var db = App.Database.CreateContext())
        {
            lessonId = await db.Lessons.Where(l => l.Slug == "welcome").Select(l => l.Id).SingleAsync();
            payment.CourseId = await db.Courses.Select(c => c.Id).SingleAsync();
            db.Payments.Add(payment);
            await db.SaveChangesAsync();
        }

        var visitor = await NewPageAsync(phone);
        await ChooseReadingAsync(visitor, theme);
        foreach (var path in Public) await CheckAsync(visitor, path);

        var page = await NewPageAsync(phone);
        await ChooseReadingAsync(page, theme);
        await SignInAsync(page, App.BaseUrl, studentEmail);
        // A journal entry, so the journal page shows its editing controls too.
        await page.GotoAsync(Url("/learn/welcome"));
        await page.Locator("#reflection-text").FillAsync("A few honest words.");
        await Expect(page.Locator(".journal-status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Saved [A-Z][a-z]+day \d{1,2} [A-Z][a-z]+, \d{1,2}:\d\d [ap]m\.$"));
        foreach (var path in Student) await CheckAsync(page, path);

        var admin = await NewPageAsync(phone);
        await ChooseReadingAsync(admin, theme);
        await SignInAsync(admin, App.BaseUrl, await App.CreateUserAsync(Roles.Admin));
        foreach (var path in Author) await CheckAsync(admin, path);
        await admin.GotoAsync(Url($"/author/lessons/{lessonId}"));
        await Expect(admin.Locator("#body")).ToBeEnabledAsync();
        await AssertAccessibleAsync(admin, "lesson editor (live)");
        await CheckAsync(admin, $"/author/lessons/{lessonId}/attachments");
        foreach (var path in Admin) await CheckAsync(admin, path);
        await CheckAsync(admin, $"/admin/students/{student.Id}");
        await CheckAsync(admin, $"/admin/payments/{payment.Id}");
    });

    private async Task CheckAsync(IPage page, string path)
    {
        // The pages are server-rendered: once loaded they are complete (a network-idle wait adds 0.5 s a page).
        await page.GotoAsync(Url(path), new() { WaitUntil = WaitUntilState.Load });
        await AssertAccessibleAsync(page, path);
    }
}
