using System.Net;
using AngleSharp.Html.Dom;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.Core.Stripe;
using AnxiousToSecure.IntegrationTests.Checkout;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using AnxiousToSecure.TestSupport.Checkout;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Admin;

/// <summary>
/// The student detail page: what an admin sees (never journal text), and every action on it, each
/// with a reason and an audit entry written with the change.
/// </summary>
[Trait("Category", "Admin")]
public sealed class StudentDetailTests(AppFactory app) : PaymentHarness(app), IClassFixture<AppFactory>
{
    private static string Detail(ApplicationUser u) => $"/admin/students/{u.Id}";

    private async Task<(BrowserlessClient Admin, IHtmlDocument Page)> OpenAsync(ApplicationUser student)
    {
        var admin = await App.SignInNewUserAsync(Roles.Admin);
        var (response, page) = await admin.GetAsync(Detail(student));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}; server errors: {App.Errors}");
        return (admin, page);
    }

    /// <summary>Submits one action form with a reason; returns the page it leads to.</summary>
    private async Task<IHtmlDocument> ActAsync(BrowserlessClient admin, ApplicationUser student, string form, string reason, Dictionary<string, string>? fields = null)
    {
        var (_, page) = await admin.GetAsync(Detail(student));
        var values = new Dictionary<string, string>(fields ?? []) { ["Input.Reason"] = reason };
        var posted = await admin.SubmitAsync(page, $"form#{form}", Detail(student), values);
        if (posted.StatusCode == HttpStatusCode.Redirect)
        {
            return (await admin.GetAsync(posted.Headers.Location!.OriginalString)).Page;
        }
        return new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await posted.Content.ReadAsStringAsync());
    }

    private async Task<AnxiousToSecure.Core.Audit.AuditEntry> LastAuditAsync(ApplicationUser student, string action)
    {
        await using var db = App.Database.CreateContext();
        var entry = await db.AuditEntries.Where(a => a.SubjectUserId == student.Id && a.Action == action).OrderByDescending(a => a.Id).FirstOrDefaultAsync();
        Assert.True(entry is not null, $"no '{action}' entry; there are: {string.Join(", ", await AuditActionsAsync(student))}");
        return entry;
    }

    [Fact]
    public async Task Opening_a_student_is_audited_and_shows_her_progress_but_never_her_journal_text()
    {
        var (client, student) = await App.SignInNewStudentAsync(Now.AddDays(-3));
        const string secret = "my mother never once said sorry";
        var (_, lesson) = await client.GetAsync("/learn/welcome");
        var saved = await client.SubmitAsync(lesson, "form.journal-form", "/learn/welcome", new Dictionary<string, string> { ["text"] = secret });
        Assert.True((int)saved.StatusCode < 400, $"journal save answered {(int)saved.StatusCode}");
        var (_, again) = await client.GetAsync("/learn/welcome");
        await client.SubmitAsync(again, "form.complete-form", "/learn/welcome");

        var (admin, page) = await OpenAsync(student);
        var html = page.DocumentElement.OuterHtml;
        Assert.DoesNotContain(secret, html);
        Assert.Contains("1 entry", page.QuerySelector("dl.figures")!.TextContent);
        var welcome = page.QuerySelectorAll("#progress tbody tr").First();
        Assert.Contains("yes", welcome.Children[4].TextContent);
        Assert.NotEqual("", welcome.Children[3].TextContent.Trim());
        Assert.Contains("1 of", page.QuerySelector("dl.figures")!.TextContent);

        // The message after an action comes from a fixed list; a link cannot make the page say something else.
        var (_, spoofed) = await admin.GetAsync(Detail(student) + "?done=Refunded%20in%20full");
        Assert.Null(spoofed.QuerySelector("#action-message"));

        var viewed = await LastAuditAsync(student, "student.viewed");
        Assert.StartsWith("admin", viewed.Actor);
        Assert.NotNull(viewed.ActorId);
    }

    [Fact]
    public async Task An_admin_grants_a_complimentary_place_with_a_reason_and_it_is_audited()
    {
        var student = await App.CreateStudentAsync($"g{Guid.NewGuid():N}@example.com");
        var (admin, _) = await OpenAsync(student);

        var refused = await ActAsync(admin, student, "grant", "   ");
        Assert.Contains("Give a reason", refused.QuerySelector("[role=alert]")!.TextContent);
        Assert.Null(await EnrollmentOfAsync(student));

        var page = await ActAsync(admin, student, "grant", "Scholarship place");
        Assert.Contains("complimentary place", page.QuerySelector("[role=status]")!.TextContent);
        var enrollment = await EnrollmentOfAsync(student);
        Assert.Equal((EnrollmentStatus.Active, EnrollmentSource.Grant), (enrollment!.Status, enrollment.Source));
        Assert.Contains("Scholarship place", (await LastAuditAsync(student, "enrollment.granted")).Details);
    }

    [Fact]
    public async Task Revoke_cancels_pending_email_and_restore_gives_access_back_both_audited()
    {
        var (client, student) = await App.SignInNewStudentAsync(Now);
        await App.Services.GetRequiredService<DripSweeper>().ReleaseDueAsync();
        await using (var db = App.Database.CreateContext())
        {
            Assert.Contains(db.LessonReleases.Where(r => r.Enrollment!.UserId == student.Id).Select(r => r.EmailStatus).ToList(), s => s == DripEmailStatus.Pending);
        }
        var (admin, _) = await OpenAsync(student);

        var asked = await ActAsync(admin, student, "revoke", "Asked to leave the course");
        await admin.SubmitAsync(asked, "form#confirm-revoke", Detail(student));
        Assert.Equal(EnrollmentStatus.Revoked, (await EnrollmentOfAsync(student))!.Status);
        await using (var db = App.Database.CreateContext())
        {
            var statuses = db.LessonReleases.Where(r => r.Enrollment!.UserId == student.Id).Select(r => r.EmailStatus).ToList();
            Assert.NotEmpty(statuses);
            Assert.All(statuses, s => Assert.Equal(DripEmailStatus.Cancelled, s));
        }
        await client.AssertShutOutAsync();
        Assert.Contains("Active -> Revoked: Asked to leave the course", (await LastAuditAsync(student, "enrollment.revoked")).Details);

        await ActAsync(admin, student, "restore", "Changed her mind");
        Assert.Equal(EnrollmentStatus.Active, (await EnrollmentOfAsync(student))!.Status);
        await client.AssertReadsAsStudentAsync("welcome");
        Assert.Contains("Changed her mind", (await LastAuditAsync(student, "enrollment.restored")).Details);

        // A disputed enrollment waits for Stripe's decision.
        await using (var db = App.Database.CreateContext())
        {
            await db.Enrollments.Where(e => e.UserId == student.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, EnrollmentStatus.Disputed));
        }
        var refused = await ActAsync(admin, student, "restore", "Please");
        Assert.Contains("disputed", refused.QuerySelector("[role=alert]")!.TextContent);
        Assert.Equal(EnrollmentStatus.Disputed, (await EnrollmentOfAsync(student))!.Status);
    }

    [Fact]
    public async Task Unlock_all_opens_every_published_lesson_without_a_flood_of_email()
    {
        var (client, student) = await App.SignInNewStudentAsync(Now);
        var (admin, _) = await OpenAsync(student);
        var page = await ActAsync(admin, student, "unlock", "Needs the whole course before a retreat");
        Assert.Contains("Every published lesson is open", page.QuerySelector("[role=status]")!.TextContent);

        await using var db = App.Database.CreateContext();
        var published = await db.Lessons.CountAsync(l => l.Published);
        var releases = await db.LessonReleases.Where(r => r.Enrollment!.UserId == student.Id).ToListAsync();
        Assert.Equal(published, releases.Count);
        Assert.All(releases, r => Assert.NotEqual(DripEmailStatus.Pending, r.EmailStatus));
        var last = await db.Lessons.Where(l => l.Published).OrderByDescending(l => l.ReleaseAfterDays).FirstAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/learn/{last.Slug}")).Response.StatusCode);
        Assert.Contains("Needs the whole course", (await LastAuditAsync(student, "enrollment.unlocked_all")).Details);
    }

    private async Task<bool> HerCourseIsPausedAsync(ApplicationUser student)
    {
        using var scope = App.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<StudentCourseService>().GetForStudentAsync(student.Id))!.IsPaused;
    }

    [Fact]
    public async Task Pause_and_resume_are_audited_and_change_her_course()
    {
        var (_, student) = await App.SignInNewStudentAsync(Now);
        var (admin, _) = await OpenAsync(student);
        await ActAsync(admin, student, "pause", "Family emergency, asked by email");
        Assert.NotNull((await EnrollmentOfAsync(student))!.PausedAt);
        Assert.True(await HerCourseIsPausedAsync(student));
        Assert.Contains("Family emergency", (await LastAuditAsync(student, "enrollment.paused")).Details);

        App.Clock.Advance(TimeSpan.FromDays(2));
        // A staff session lasts 12 hours at most: two days on, an admin signs in again.
        (admin, _) = await OpenAsync(student);
        var page = await ActAsync(admin, student, "pause", "Back again");
        Assert.Null((await EnrollmentOfAsync(student))!.PausedAt);
        Assert.False(await HerCourseIsPausedAsync(student));
        // Her schedule moved by the days she was paused.
        Assert.Equal(2, (await EnrollmentOfAsync(student))!.PausedDays);
        Assert.Contains("running again", page.QuerySelector("[role=status]")!.TextContent);
        Assert.Equal("Back again", (await LastAuditAsync(student, "enrollment.resumed")).Details);
    }

    [Fact]
    public async Task A_failed_email_is_retried_from_her_page_and_only_her_own_emails_can_be()
    {
        var (_, student) = await App.SignInNewStudentAsync(Now);
        var (_, other) = await App.SignInNewStudentAsync(Now);
        await App.Services.GetRequiredService<DripSweeper>().ReleaseDueAsync();
        await using (var db = App.Database.CreateContext())
        {
            await db.LessonReleases.Where(r => r.Enrollment!.UserId == student.Id || r.Enrollment!.UserId == other.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.EmailStatus, DripEmailStatus.Failed).SetProperty(r => r.LastError, "mailbox full"));
        }
        var (admin, page) = await OpenAsync(student);
        var retry = page.QuerySelector("#emails button[name='Input.EmailId']")!.GetAttribute("value")!;
        long otherId;
        await using (var db = App.Database.CreateContext())
        {
            otherId = await db.LessonReleases.Where(r => r.Enrollment!.UserId == other.Id).Select(r => r.Id).FirstAsync();
        }

        var refused = await ActAsync(admin, student, "retry-email", "try again", new() { ["Input.EmailId"] = otherId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Contains("no such email", refused.QuerySelector("[role=alert]")!.TextContent);
        await ActAsync(admin, student, "retry-email", "Her mailbox has room now", new() { ["Input.EmailId"] = retry });

        await using (var db = App.Database.CreateContext())
        {
            Assert.Equal(DripEmailStatus.Pending, (await db.LessonReleases.SingleAsync(r => r.Id == long.Parse(retry, System.Globalization.CultureInfo.InvariantCulture))).EmailStatus);
            Assert.Equal(DripEmailStatus.Failed, (await db.LessonReleases.SingleAsync(r => r.Id == otherId)).EmailStatus);
        }
        Assert.Contains("Her mailbox has room now", (await LastAuditAsync(student, "email.retried")).Details);
    }

    [Fact]
    public async Task A_full_refund_from_her_page_goes_through_Stripe_ends_access_cancels_email_and_is_audited()
    {
        var (client, student) = await StudentAsync();
        await PayAndNotifyAsync(await StartCheckoutAsync(client));
        await App.Services.GetRequiredService<DripSweeper>().ReleaseDueAsync();
        var (admin, page) = await OpenAsync(student);
        Assert.NotNull(page.QuerySelector("form#refund"));

        var after = await ActAsync(admin, student, "refund", "Course is not right for her now", new() { ["Input.Amount"] = "" });
        Assert.Contains("Refunded.", after.QuerySelector("[role=status]")!.TextContent);

        var payment = Assert.Single(await PaymentsOfAsync(student));
        Assert.Equal(PaymentStatus.Refunded, payment.Status);
        Assert.Contains(App.Stripe.Refunds, r => (string?)r["payment_intent"] == payment.PaymentIntentId);
        Assert.Equal(EnrollmentStatus.Refunded, (await EnrollmentOfAsync(student))!.Status);
        await using (var db = App.Database.CreateContext())
        {
            var statuses = db.LessonReleases.Where(r => r.Enrollment!.UserId == student.Id).Select(r => r.EmailStatus).ToList();
            Assert.NotEmpty(statuses);
            Assert.All(statuses, s => Assert.Equal(DripEmailStatus.Cancelled, s));
        }
        await client.AssertShutOutAsync();
        Assert.Contains("Course is not right for her now", (await LastAuditAsync(student, "refund.requested")).Details);
        await LastAuditAsync(student, "enrollment.revoked");
        Assert.Null(after.QuerySelector("form#refund"));
    }

    [Fact]
    public async Task A_refund_cannot_name_another_students_payment()
    {
        var (client, student) = await StudentAsync();
        await PayAndNotifyAsync(await StartCheckoutAsync(client));
        var (otherClient, other) = await StudentAsync();
        await PayAndNotifyAsync(await StartCheckoutAsync(otherClient));
        var othersPayment = Assert.Single(await PaymentsOfAsync(other));
        var (admin, _) = await OpenAsync(student);

        var refused = await ActAsync(admin, student, "refund", "wrong page", new() { ["Input.PaymentId"] = othersPayment.Id.ToString() });
        Assert.Contains("Choose one of her payments", refused.QuerySelector("[role=alert]")!.TextContent);
        Assert.Equal(PaymentStatus.Paid, Assert.Single(await PaymentsOfAsync(other)).Status);
    }
}
