using System.Net;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Author;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.IntegrationTests.Checkout;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Checkout;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Admin;

/// <summary>
/// Object-level checks: a signed-in student who changes an id in a URL or a form gets nothing of
/// another student's progress, purchases, journal or lesson files.
/// </summary>
[Trait("Category", "Admin")]
public sealed class ObjectAccessTests(AppFactory app) : PaymentHarness(app), IClassFixture<AppFactory>
{
    [Fact]
    public async Task Another_students_progress_is_not_readable_by_id_or_on_her_own_pages()
    {
        var (_, alice) = await App.SignInNewStudentAsync(Now.AddDays(-30));
        using (var scope = App.Services.CreateScope())
        {
            var courses = scope.ServiceProvider.GetRequiredService<StudentCourseService>();
            await courses.SetCompletedAsync(await courses.OpenLessonAsync(alice.Id, "welcome"), completed: true);
        }
        var (bob, _) = await App.SignInNewStudentAsync(Now.AddDays(-30));

        var (detail, _) = await bob.GetAsync($"/admin/students/{alice.Id}");
        Assert.Equal(HttpStatusCode.Redirect, detail.StatusCode);
        Assert.Contains("/Account/AccessDenied", detail.Headers.Location!.OriginalString);
        var (dashboardResponse, dashboard) = await bob.GetAsync("/learn");
        Assert.Equal(HttpStatusCode.OK, dashboardResponse.StatusCode);
        Assert.Contains("0 of", dashboard.QuerySelector(".progress-text")!.TextContent);
        Assert.DoesNotContain(alice.Email!, dashboard.DocumentElement.OuterHtml);
        Assert.Empty(dashboard.QuerySelectorAll(".lesson-completed"));
        var csv = await bob.Http.GetAsync("/admin/enrollments.csv");
        Assert.Contains("/Account/AccessDenied", csv.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Another_students_purchase_is_not_readable_by_session_or_payment_id()
    {
        var (aliceClient, alice) = await StudentAsync();
        var session = await StartCheckoutAsync(aliceClient);
        await PayAndNotifyAsync(session);
        var payment = Assert.Single(await PaymentsOfAsync(alice));
        var (bob, _) = await StudentAsync();

        var (_, success) = await bob.GetAsync($"/checkout/success?session_id={session}");
        Assert.Contains("couldn't find", success.QuerySelector("h1")!.TextContent);
        var (purchasesResponse, purchases) = await bob.GetAsync("/purchases");
        Assert.Equal(HttpStatusCode.OK, purchasesResponse.StatusCode);
        Assert.Contains("You have not bought anything yet", purchases.DocumentElement.TextContent);
        Assert.DoesNotContain(payment.PaymentIntentId!, purchases.DocumentElement.OuterHtml);
        Assert.DoesNotContain(alice.Email!, purchases.DocumentElement.OuterHtml);
        var (byId, _) = await bob.GetAsync($"/admin/payments/{payment.Id}");
        Assert.Contains("/Account/AccessDenied", byId.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Another_students_journal_entry_cannot_be_read_or_deleted_by_id()
    {
        var (alice, aliceUser) = await App.SignInNewStudentAsync(Now.AddDays(-1));
        var (_, lesson) = await alice.GetAsync("/learn/welcome");
        await alice.SubmitAsync(lesson, "form.journal-form", "/learn/welcome", new Dictionary<string, string> { ["text"] = "kestrel-ochre-seventeen" });
        Guid entryId;
        await using (var db = App.Database.CreateContext())
        {
            entryId = await db.JournalEntries.Where(j => j.UserId == aliceUser.Id).Select(j => j.Id).SingleAsync();
        }
        var (bob, _) = await App.SignInNewStudentAsync(Now.AddDays(-1));
        var (_, bobsLesson) = await bob.GetAsync("/learn/welcome");
        var token = bobsLesson.QuerySelector("form.journal-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var delete = await bob.Http.PostAsync($"/journal/entries/{entryId}/delete", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        var export = await bob.Http.GetAsync("/journal/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var markdown = await export.Content.ReadAsStringAsync();
        Assert.Contains("0 entries", markdown);
        Assert.DoesNotContain("kestrel-ochre-seventeen", markdown);
        Assert.Equal("", bobsLesson.QuerySelector("#reflection-text")!.TextContent);
        Assert.DoesNotContain("kestrel-ochre-seventeen", bobsLesson.DocumentElement.OuterHtml);
        await using (var db = App.Database.CreateContext())
        {
            Assert.True(await db.JournalEntries.AnyAsync(j => j.Id == entryId));
        }
    }

    [Fact]
    public async Task A_lesson_file_is_refused_to_a_student_without_that_lesson_whatever_the_id()
    {
        int lessonId;
        string lessonSlug;
        await using (var db = App.Database.CreateContext())
        {
            var last = await db.Lessons.Where(l => l.Published).OrderByDescending(l => l.ReleaseAfterDays).FirstAsync();
            (lessonId, lessonSlug) = (last.Id, last.Slug);
        }
        AttachmentInfo file;
        using (var scope = App.Services.CreateScope())
        {
            var attachments = scope.ServiceProvider.GetRequiredService<LessonAttachments>();
            var pdf = "%PDF-1.4\n%%EOF\n"u8.ToArray();
            var upload = await attachments.UploadAsync(lessonId, "worksheet.pdf", new MemoryStream(pdf), pdf.Length, AuditActor.System);
            Assert.True(upload.Ok, upload.Message);
            file = (await attachments.ListAsync(lessonId)).Single(a => a.FileName == "worksheet.pdf");
        }
        var (newcomer, _) = await App.SignInNewStudentAsync(Now); // enrolled today: the last lesson is weeks away
        var (notEnrolled, _) = await App.SignInNewStudentAsync();
        var (finished, _) = await App.SignInNewStudentAsync(Now.AddDays(-120));
        await App.Services.GetRequiredService<AnxiousToSecure.Core.Drip.DripSweeper>().ReleaseDueAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await newcomer.Http.GetAsync("/" + file.Url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await notEnrolled.Http.GetAsync("/" + file.Url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await notEnrolled.Http.GetAsync($"/files/{Guid.NewGuid()}/worksheet.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await finished.Http.GetAsync("/" + file.Url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await finished.GetAsync($"/learn/{lessonSlug}")).Response.StatusCode);
    }
}
