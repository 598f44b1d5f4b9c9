using System.Text.RegularExpressions;
using AnxiousToSecure.BrowserTests.Infrastructure;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport.Author;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AnxiousToSecure.BrowserTests.Journeys;

/// <summary>
/// Journeys 2-4: time moves on and lesson 2's email opens lesson 2; the instructor edits and
/// publishes a lesson and the student reads the new text; the admin refunds a student, who lands
/// on the course page and can still export her journal.
/// </summary>
[Trait("Category", "Browser")]
public sealed class CourseLifeTests(BrowserApp app, ITestOutputHelper output) : BrowserTest(app, output)
{
    [Fact]
    public Task When_time_moves_on_lesson_twos_email_arrives_and_its_link_opens_lesson_two() => JourneyAsync(async () =>
    {
        var email = $"drip{Guid.NewGuid():N}@example.com";
        var startedAt = App.Clock.GetUtcNow();
        await App.CreateStudentAsync(email, startedAt, "Europe/London");
        await App.SweepAsync();
        await App.MailAsync(email, m => m.Subject == "Welcome: your course is open");

        int days;
        await using (var db = App.Database.CreateContext())
        {
            days = await db.Lessons.Where(l => l.Slug == "what-attachment-is").Select(l => l.ReleaseAfterDays).SingleAsync();
        }
        var before = App.Mail.To(email).Count;
        App.Clock.SetUtcNow(startedAt.AddDays(days + 1));
        await App.SweepAsync();
        var message = await App.NextMailAsync(email, before);
        Assert.Equal("Your next lesson is ready", message.Subject);
        var link = Regex.Match(message.TextBody ?? "", @"https?://\S+/learn/what-attachment-is\b").Value;
        Assert.False(string.IsNullOrEmpty(link), "no link to lesson 2 in: " + message.TextBody);

        var page = await NewPageAsync();
        await page.GotoAsync(App.Local(link));
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));
        await page.Locator("#Input\\.Email").FillAsync(email);
        await page.Locator("#Input\\.Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/learn/what-attachment-is$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("What Attachment Is: Inner Maps of Safety");
    });

    [Fact]
    public Task The_instructor_edits_and_publishes_a_lesson_and_the_student_reads_the_new_text() => JourneyAsync(async () =>
    {
        int lessonId, opensOnDay;
        string slug;
        await using (var db = App.Database.CreateContext())
        {
            var last = await db.Lessons.OrderByDescending(l => l.ReleaseAfterDays).ThenByDescending(l => l.Position).FirstAsync();
            (lessonId, slug, opensOnDay) = (last.Id, last.Slug, last.ReleaseAfterDays);
        }
        var studentEmail = $"reader{Guid.NewGuid():N}@example.com";
        // Past the last lesson's day, so the whole course is open to her.
        await App.CreateStudentAsync(studentEmail, App.Clock.GetUtcNow().AddDays(-(opensOnDay + 7)));
        var student = await NewPageAsync();
        await SignInAsync(student, App.BaseUrl, studentEmail);

        var instructor = await NewPageAsync();
        await SignInAsync(instructor, App.BaseUrl, await App.CreateUserAsync(Roles.Instructor));
        await instructor.GotoAsync(Url($"/author/lessons/{lessonId}"));
        var body = instructor.Locator("#body");
        await Expect(body).ToBeEnabledAsync(); // the editor is live once its circuit connects
        var published = instructor.GetByLabel("Published (students can see it)");

        // Take it down while rewriting it: students no longer reach it.
        await published.UncheckAsync();
        await instructor.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(instructor.Locator("[role=status]")).ToContainTextAsync("Saved");
        var hidden = await student.GotoAsync(Url($"/learn/{slug}"));
        Assert.Equal(404, hidden!.Status);

        var sentence = $"A new paragraph written today ({Guid.NewGuid():N}).";
        await body.FillAsync((await body.InputValueAsync()) + "\n\n" + sentence + "\n");
        await Expect(instructor.Locator(".editor-preview")).ToContainTextAsync(sentence);
        await published.CheckAsync();
        await instructor.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(instructor.Locator("[role=status]")).ToContainTextAsync("Saved");

        await student.GotoAsync(Url($"/learn/{slug}"));
        await Expect(student.Locator("main")).ToContainTextAsync(sentence);
    });

    [Fact]
    public Task The_admin_refunds_a_student_who_then_sees_the_course_page_and_still_exports_her_journal() => JourneyAsync(async () =>
    {
        var email = $"buyer{Guid.NewGuid():N}@example.com";
        await App.CreateStudentAsync(email);
        var student = await NewPageAsync();
        await SignInAsync(student, App.BaseUrl, email);
        await student.GotoAsync(Url("/"));
        await student.GetByRole(AriaRole.Button, new() { Name = "Enroll" }).ClickAsync();
        await PayOnStripeAsync(student);
        await student.GotoAsync(Url("/learn/welcome"));
        var reflection = $"What I want to keep ({Guid.NewGuid():N})";
        await student.Locator("#reflection-text").FillAsync(reflection);
        await Expect(student.Locator(".journal-status")).ToHaveTextAsync(new Regex(@"^Saved [A-Z][a-z]+day \d{1,2} [A-Z][a-z]+, \d{1,2}:\d\d [ap]m\.$"));

        var admin = await NewPageAsync();
        await SignInAsync(admin, App.BaseUrl, await App.CreateUserAsync(Roles.Admin));
        await admin.GotoAsync(Url("/admin/enrollments"));
        await admin.GetByLabel("Email or name contains").FillAsync(email);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = email }).ClickAsync();
        await Expect(admin.Locator("h1")).ToHaveTextAsync(email);
        await admin.Locator("#reason-refund").FillAsync("She asked within the refund window");
        await admin.Locator("form#refund").GetByRole(AriaRole.Button, new() { Name = "Refund" }).ClickAsync();
        await Expect(admin.Locator("#action-message")).ToHaveTextAsync("Refunded.");
        await Expect(admin.Locator("#enrollment-status")).ToHaveTextAsync("Refunded");

        // Every lesson but the free preview sends her to the course page, which says why; the preview she reads read-only.
        await student.GotoAsync(Url($"/learn/{CourseFiles.FirstClosedLesson.Slug}"));
        await Expect(student).ToHaveURLAsync(new Regex(@"/\?access=EnrollmentInactive"));
        await Expect(student.Locator("main")).ToContainTextAsync("refunded");
        await student.GotoAsync(Url("/learn/welcome"));
        await Expect(student.Locator(".preview-badge")).ToHaveTextAsync("Free preview");
        await Expect(student.Locator("#reflection-text")).ToHaveCountAsync(0);

        await student.GotoAsync(Url("/journal"));
        await Expect(student.Locator("main")).ToContainTextAsync(reflection);
        var download = await student.RunAndWaitForDownloadAsync(() =>
            student.GetByRole(AriaRole.Link, new() { Name = "Download all as Markdown" }).ClickAsync());
        var file = await download.PathAsync();
        Assert.Contains(reflection, await File.ReadAllTextAsync(file));
    });
}
