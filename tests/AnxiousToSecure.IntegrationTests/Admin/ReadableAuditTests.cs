using System.Net;
using AngleSharp.Html.Dom;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using AnxiousToSecure.TestSupport.Checkout;
using AnxiousToSecure.Web.Components.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Admin;

/// <summary>
/// The audit log and her page as an admin reads them: sentences with names (never raw ids), lesson
/// edits as a word diff, times in the admin's own zone; the student page's facts agreeing with
/// each other; and revoking only after a confirmation.
/// </summary>
[Trait("Category", "Admin")]
public sealed class ReadableAuditTests(AppFactory app) : PaymentHarness(app), IClassFixture<AppFactory>
{
    private static string Detail(ApplicationUser u) => $"/admin/students/{u.Id}";

    /// <summary>A signed-in admin with a display name and, optionally, a time zone of her own.</summary>
    private async Task<(BrowserlessClient Client, string Name)> AdminAsync(string? timeZone = null)
    {
        var email = await App.CreateUserAsync(Roles.Admin);
        var name = $"Admin {Guid.NewGuid():N}"[..14];
        await using (var db = App.Database.CreateContext())
        {
            await db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, name).SetProperty(u => u.TimeZone, timeZone));
        }
        var client = BrowserlessClient.Create(App);
        await client.SignInAsync(email);
        return (client, name);
    }

    private async Task<string> NameAsync(ApplicationUser student)
    {
        var name = $"Jane {Guid.NewGuid():N}"[..13];
        await using var db = App.Database.CreateContext();
        await db.Users.Where(u => u.Id == student.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, name));
        return name;
    }

    private static async Task<IHtmlDocument> FollowAsync(BrowserlessClient client, HttpResponseMessage posted) =>
        posted.StatusCode == HttpStatusCode.Redirect
            ? (await client.GetAsync(posted.Headers.Location!.OriginalString)).Page
            : new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await posted.Content.ReadAsStringAsync());

    private async Task<IHtmlDocument> ActAsync(BrowserlessClient admin, ApplicationUser student, string form, Dictionary<string, string> fields)
    {
        var (_, page) = await admin.GetAsync(Detail(student));
        return await FollowAsync(admin, await admin.SubmitAsync(page, $"form#{form}", Detail(student), fields));
    }

    private static List<string> Entries(IHtmlDocument page, string list = "#audit-entries") =>
        [.. page.QuerySelectorAll($"{list} li").Select(li => li.TextContent.Trim())];

    [Fact]
    public async Task A_refund_reads_as_a_sentence_with_names_and_the_time_in_the_admins_zone()
    {
        var (client, student) = await StudentAsync();
        var jane = await NameAsync(student);
        await PayAndNotifyAsync(await StartCheckoutAsync(client));
        var payment = Assert.Single(await PaymentsOfAsync(student));
        var (admin, adminName) = await AdminAsync("Asia/Tokyo");

        await ActAsync(admin, student, "refund", new() { ["Input.Reason"] = "Course is not right for her now", ["Input.Amount"] = "" });

        var (_, log) = await admin.GetAsync($"/admin/audit?student={Uri.EscapeDataString(student.Email!)}");
        var entries = Entries(log);
        var refund = Assert.Single(entries, e => e.Contains($"{adminName} refunded"));
        Assert.Contains($"{adminName} refunded {Display.Money(payment.AmountMinor, payment.Currency)} to {jane} (reason: Course is not right for her now).", refund);
        Assert.DoesNotContain(payment.Id.ToString(), refund);
        Assert.Contains(entries, e => e.Contains($"{jane} paid {Display.Money(payment.AmountMinor, payment.Currency)}"));

        // Every time on the page is the admin's (Tokyo), in the site's style.
        AuditEntry entry;
        await using (var db = App.Database.CreateContext())
        {
            entry = await db.AuditEntries.Where(a => a.SubjectUserId == student.Id && a.Action == AuditActions.Refund.Requested).SingleAsync();
        }
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var refundItem = log.QuerySelectorAll("#audit-entries li").Single(li => li.TextContent.Contains($"{adminName} refunded"));
        Assert.Equal(AnxiousToSecure.Core.Settings.TimeDisplay.DateTimeWithYear(entry.At, tokyo), refundItem.QuerySelector("time")!.TextContent);
        Assert.Contains("Asia/Tokyo", log.Body!.TextContent);

        // Her page tells the same story in the same words.
        var (_, page) = await admin.GetAsync(Detail(student));
        Assert.Contains(Entries(page, "#trail"), e => e.Contains($"{adminName} refunded"));
        Assert.Contains($"{adminName} refunded", page.QuerySelector("#enrollment-history")!.TextContent);
    }

    [Fact]
    public async Task Forgotten_people_read_as_a_deleted_account()
    {
        await using (var db = App.Database.CreateContext())
        {
            AuditLog.Write(db, App.Clock, new AuditActor(null, AuditActor.DeletedAccountName), AuditActions.Student.Viewed, $"gone-{Guid.NewGuid():N}", "user:gone");
            await db.SaveChangesAsync();
        }
        var (admin, _) = await AdminAsync();
        var (_, log) = await admin.GetAsync("/admin/audit?actor=deleted&action=student.viewed");
        Assert.Contains(Entries(log), e => e.StartsWith("A deleted account opened a deleted account’s record.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lesson_edit_shows_the_words_that_changed()
    {
        var lesson = await ScratchLesson.PublishAsync(App, 0);
        await lesson.ChangeAsync(d => d.BodyMarkdown = lesson.Text.Replace("long enough to recognise.", "plainly unmistakable.", StringComparison.Ordinal));

        await using (var db = App.Database.CreateContext())
        {
            var stored = await db.AuditEntries.Where(a => a.Action == AuditActions.Lesson.Updated && a.Target == $"lesson:{lesson.Id}").OrderByDescending(a => a.Id).FirstAsync();
            var change = Assert.Single(LessonEditDetails.Read(stored.Details));
            Assert.Contains("recognise", change.Before);
            Assert.Contains("unmistakable", change.After);
        }

        var (admin, _) = await AdminAsync();
        var (_, log) = await admin.GetAsync("/admin/audit?action=lesson.updated");
        var title = (await App.Services.GetRequiredService<AnxiousToSecure.Core.Author.LessonAuthoring>().LoadAsync(lesson.Id))!.Title;
        var item = log.QuerySelectorAll("#audit-entries li").First(li => li.TextContent.Contains(title));
        Assert.Contains($"The system edited the lesson “{title}” (changed: lesson text).", item.TextContent);
        Assert.Equal(["[removed: long enough to recognise.]"], item.QuerySelectorAll("del").Select(d => d.TextContent.Trim()).ToList());
        Assert.Equal(["[added: plainly unmistakable.]"], item.QuerySelectorAll("ins").Select(d => d.TextContent.Trim()).ToList());
    }

    [Theory]
    [InlineData(EnrollmentStatus.Revoked, "her access was revoked")]
    [InlineData(EnrollmentStatus.Refunded, "her payment was refunded")]
    [InlineData(EnrollmentStatus.Disputed, "her payment is disputed")]
    [InlineData(EnrollmentStatus.Active, "running")]
    public async Task Her_page_never_says_her_course_runs_when_her_enrollment_gives_no_access(EnrollmentStatus status, string course)
    {
        // Started three days before she was enrolled, as a complimentary place "from" a date is.
        var student = await App.CreateStudentAsync($"c{Guid.NewGuid():N}@example.com", Now.AddDays(-3));
        await using (var db = App.Database.CreateContext())
        {
            await db.Enrollments.Where(e => e.UserId == student.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, status).SetProperty(e => e.PausedAt, Now));
        }
        var (admin, _) = await AdminAsync();
        var (_, page) = await admin.GetAsync(Detail(student));

        Assert.Equal(status.ToString(), page.QuerySelector("#enrollment-status")!.TextContent.Trim());
        var state = page.QuerySelector("#course-state")!.TextContent;
        Assert.Contains(status == EnrollmentStatus.Active ? "paused since" : course, state);
        if (status != EnrollmentStatus.Active)
        {
            Assert.DoesNotContain("running", state);
            Assert.DoesNotContain("paused", state);
            Assert.Null(page.QuerySelector("form#revoke"));
            Assert.NotNull(page.QuerySelector("form#restore"));
        }
        // Her account and her enrollment are dated apart, and the earlier start is said to be so.
        Assert.Contains("account created", page.QuerySelector("h1 + p")!.TextContent);
        Assert.Contains("set earlier than her enrollment", page.QuerySelector("#started-at")!.TextContent);
        Assert.DoesNotContain("joined", page.Body!.TextContent);
    }

    [Fact]
    public async Task Revoke_asks_to_confirm_and_a_post_without_the_confirmation_changes_nothing()
    {
        var student = await App.CreateStudentAsync($"r{Guid.NewGuid():N}@example.com", Now);
        var (admin, _) = await AdminAsync();

        var asked = await ActAsync(admin, student, "revoke", new() { ["Input.Reason"] = "Asked to leave" });
        var confirm = asked.QuerySelector("form#confirm-revoke");
        Assert.NotNull(confirm);
        Assert.Contains("Revoke access?", confirm.TextContent);
        Assert.Contains("Asked to leave", confirm.TextContent);
        Assert.Equal(EnrollmentStatus.Active, (await EnrollmentOfAsync(student))!.Status);

        // Posting the first form again, or the confirmation without its "yes", only asks again.
        await ActAsync(admin, student, "revoke", new() { ["Input.Reason"] = "Asked to leave", ["Input.Confirm"] = "false" });
        Assert.Equal(EnrollmentStatus.Active, (await EnrollmentOfAsync(student))!.Status);
        Assert.DoesNotContain(AuditActions.Enrollment.Revoked, await AuditActionsAsync(student));

        var done = await FollowAsync(admin, await admin.SubmitAsync(asked, "form#confirm-revoke", Detail(student)));
        Assert.Equal(EnrollmentStatus.Revoked, (await EnrollmentOfAsync(student))!.Status);
        Assert.Contains("Access revoked", done.QuerySelector("[role=status]")!.TextContent);
        Assert.Contains(AuditActions.Enrollment.Revoked, await AuditActionsAsync(student));
    }
}
