using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.IntegrationTests.Settings;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Drip;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Drip;

/// <summary>The outbox: every due email goes out exactly once, whatever the SMTP server or other sweepers do.</summary>
[Trait("Category", "Drip")]
public sealed class LessonEmailDeliveryTests : DripHarness
{
    [Fact]
    public async Task Email_due_while_the_SMTP_server_is_down_arrives_exactly_once_when_it_is_back()
    {
        var students = new List<ApplicationUser>();
        for (var i = 0; i < 3; i++) students.Add(await EnrolledAsync("Europe/London"));

        App.Mail.Outage();
        var failed = await SweepAsync();
        Assert.Equal(3, failed.Retrying);
        Assert.All(students, s => Assert.Empty(MailTo(s)));
        foreach (var s in students)
        {
            var row = Assert.Single(await ReleasesOfAsync(s));
            Assert.Equal(DripEmailStatus.Pending, row.EmailStatus);
            Assert.Equal(1, row.Attempts);
            Assert.Equal(Now + DripOptions.Backoff(1), row.NextAttemptAt);
            Assert.NotNull(row.LastError);
        }

        At(Now.AddSeconds(30)); // before the retry is due: nothing is tried
        Assert.Equal(0, (await SweepAsync()).Retrying);
        At(Now.AddMinutes(1));
        Assert.Equal(3, (await SweepAsync()).Retrying); // still down: second failure, longer wait

        App.Mail.Resume();
        At(Now + DripOptions.Backoff(2));
        var back = await SweepAsync();
        Assert.True(back.Sent == 3, back + " " + await ErrorsAsync());
        At(Now.AddDays(1).AddMinutes(-1));
        await SweepAsync();
        Assert.All(students, s => Assert.Single(MailTo(s)));
        Assert.All(students, s => Assert.Equal(DripEmailStatus.Sent, ReleasesOfAsync(s).Result.Single().EmailStatus));
    }

    [Fact]
    public async Task After_the_last_attempt_the_email_is_marked_failed_with_its_error_and_not_tried_again()
    {
        var student = await EnrolledAsync("Europe/London");
        App.Mail.Outage();
        var max = new DripOptions().MaxAttempts;
        for (var attempt = 1; attempt <= max; attempt++)
        {
            await SweepAsync();
            At(Now + DripOptions.Backoff(attempt));
        }
        var row = Assert.Single(await ReleasesOfAsync(student));
        Assert.Equal(DripEmailStatus.Failed, row.EmailStatus);
        Assert.Equal(max, row.Attempts);
        Assert.Null(row.NextAttemptAt);
        Assert.Contains("Exception", row.LastError);

        App.Mail.Resume();
        At(Now.AddDays(1));
        await SweepAsync();
        Assert.Empty(MailTo(student));
    }

    [Fact]
    public async Task An_admin_sees_a_failed_email_with_its_error_and_can_send_it_again()
    {
        var student = await EnrolledAsync("Europe/London");
        App.Mail.Outage();
        for (var attempt = 1; attempt <= new DripOptions().MaxAttempts; attempt++)
        {
            await SweepAsync();
            At(Now + DripOptions.Backoff(attempt));
        }
        App.Mail.Resume();

        var admin = await App.SignInNewUserAsync(Roles.Admin);
        var (_, page) = await admin.GetAsync("/admin/emails");
        var row = page.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(student.Email!));
        Assert.Contains("Failed", row.TextContent);
        Assert.Contains("Exception", row.TextContent);

        var retried = await admin.SubmitAsync(page, "form#retry", "/admin/emails",
            new Dictionary<string, string> { ["RetryId"] = row.QuerySelector("button[name=RetryId]")!.GetAttribute("value")!, ["Input.Reason"] = "SMTP relay fixed" });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, retried.StatusCode);
        Assert.EndsWith("/admin/emails?retried=1", retried.Headers.Location!.OriginalString);
        Assert.Equal(DripEmailStatus.Pending, Assert.Single(await ReleasesOfAsync(student)).EmailStatus);
        await using (var db = App.Database.CreateContext())
        {
            var entry = db.AuditEntries.Single(a => a.SubjectUserId == student.Id && a.Action == "email.retried");
            Assert.Contains("SMTP relay fixed", entry.Details);
        }

        await SweepAsync();
        Assert.Single(MailTo(student));
        var (listed, after) = await admin.GetAsync("/admin/emails");
        Assert.Equal(System.Net.HttpStatusCode.OK, listed.StatusCode);
        Assert.NotNull(after.QuerySelector("h1"));
        Assert.DoesNotContain(student.Email!, after.DocumentElement.TextContent);
    }

    [Fact]
    public async Task Students_cannot_open_the_failed_email_list()
    {
        var (student, _) = await App.SignInNewStudentAsync(Now);
        var response = await student.Http.GetAsync("/admin/emails");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/AccessDenied", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Two_sweepers_running_at_once_on_the_same_database_never_send_an_email_twice()
    {
        var students = new List<ApplicationUser>();
        for (var i = 0; i < 40; i++) students.Add(await EnrolledAsync("Europe/London", Now.AddDays(-4)));

        // Released first, so that both sweepers find the same 40 emails due and race for them.
        Assert.Equal(40 * Lessons.Count(l => l.ReleaseAfterDays <= 4), await App.Services.GetRequiredService<DripSweeper>().ReleaseDueAsync());
        var sweepers = Enumerable.Range(0, 2).Select(_ => App.Services.GetRequiredService<DripSweeper>()).ToList();
        var results = await Task.WhenAll(sweepers.Select(s => Task.Run(() => s.ExecuteAsync())));

        // How the 40 split between the two depends on thread scheduling; only the sum is the rule.
        Assert.True(40 == results.Sum(r => r.Sent), string.Join(" | ", results.Select(r => r.ToString())) + " " + await ErrorsAsync());
        Assert.All(students, s => Assert.Single(MailTo(s)));
        Assert.Equal(40, App.Mail.Messages.Count);
    }

    [Fact]
    public async Task Lesson_emails_are_discreet_plain_and_carry_one_click_unsubscribe_headers()
    {
        var student = await EnrolledAsync("Europe/London");
        await SweepAsync();
        var message = Assert.Single(MailTo(student));

        Assert.Equal("Welcome: your course is open", message.Subject); // her first lesson email is the welcome
        Assert.Equal("Course team", message.From.Mailboxes.Single().Name);
        // What shows in an inbox list; the sending address is the operator's own domain.
        foreach (var visible in new[] { message.Subject, message.From.Mailboxes.Single().Name })
        {
            Assert.DoesNotContain("anxi", visible, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("attach", visible, StringComparison.OrdinalIgnoreCase);
        }
        Assert.DoesNotContain("<img", message.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.Matches($@"^<{System.Text.RegularExpressions.Regex.Escape(AppFactory.PublicBaseUrl)}/email/unsubscribe/one-click\?token=[^>\s]+>$", message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Assert.Contains($"{AppFactory.PublicBaseUrl}/learn/" + LessonOnDay(0).Slug, message.TextBody);
        Assert.Contains($"{AppFactory.PublicBaseUrl}/learn/" + LessonOnDay(0).Slug, message.HtmlBody);
        // Link-only by default: the lesson itself is not in the inbox.
        Assert.DoesNotContain(LessonOnDay(0).BodyMarkdown.Trim().Split('\n')[0], message.TextBody);
    }

    [Fact]
    public async Task A_student_who_chose_the_whole_lesson_gets_its_text_in_the_email()
    {
        var student = await EnrolledAsync("Europe/London");
        using (var scope = App.Services.CreateScope())
        {
            await Service<ReminderSettingsService>(scope).SetEmailsAsync(student.Id, true, DripEmailFormat.FullLesson);
        }
        await SweepAsync();
        var message = Assert.Single(MailTo(student));
        var firstLine = LessonOnDay(0).BodyMarkdown.Trim().Split('\n')[0];
        Assert.Contains(firstLine, message.TextBody);
        Assert.Contains(LessonOnDay(0).Practice.Trim().Split('\n')[0], message.TextBody);
        Assert.Contains("<p>", message.HtmlBody);
    }

    [Fact]
    public async Task A_student_with_lesson_emails_off_keeps_her_lessons_but_gets_no_email()
    {
        var student = await EnrolledAsync("Europe/London");
        using (var scope = App.Services.CreateScope())
        {
            await Service<ReminderSettingsService>(scope).SetEmailsAsync(student.Id, false, DripEmailFormat.LinkOnly);
        }
        At(Now.AddDays(3));
        var result = await SweepAsync();
        var due = Lessons.Count(l => l.ReleaseAfterDays <= 3);
        Assert.True(due >= 2, "the welcome and at least one more lesson open in the first three days");
        Assert.Equal(due, result.Released);
        Assert.Empty(MailTo(student));
        var releases = await ReleasesOfAsync(student);
        Assert.Equal(due, releases.Count);
        Assert.All(releases, r => Assert.Equal(DripEmailStatus.Skipped, r.EmailStatus));

        await using var db = App.Database.CreateContext();
        Assert.True(await db.Enrollments.AnyAsync(e => e.UserId == student.Id && e.Status == Core.Learn.EnrollmentStatus.Active));
    }

    private async Task<string> ErrorsAsync()
    {
        await using var db = App.Database.CreateContext();
        return string.Join(" | ", await db.LessonReleases.Where(r => r.LastError != null).Select(r => r.LastError).Distinct().ToListAsync());
    }
}
