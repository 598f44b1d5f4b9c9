using System.Net;
using System.Text.Json;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Completion;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Completion;

/// <summary>The end of the course: her completion page and certificate only when complete, her note, and staff approval.</summary>
[Trait("Category", "Completion")]
public sealed class CompletionTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string NoteText = "I notice the alarm sooner now, and I can wait before I text.";

    /// <summary>Marks her published lessons complete, all but <paramref name="leaveOpen"/> of them (the last ones).</summary>
    private async Task CompleteLessonsAsync(ApplicationUser user, int leaveOpen = 0)
    {
        await using var db = app.Database.CreateContext();
        var enrollment = await db.Enrollments.SingleAsync(e => e.UserId == user.Id);
        var lessons = await db.Lessons.Where(l => l.Published).OrderBy(l => l.Module!.Position).ThenBy(l => l.Position).Select(l => l.Id).ToListAsync();
        foreach (var id in lessons.Take(lessons.Count - leaveOpen))
        {
            await LearnSql.SetLessonCompletedAsync(db, enrollment.Id, id, app.Clock.GetUtcNow(), app.Clock.GetUtcNow(), default);
        }
    }

    private async Task<(BrowserlessClient Client, ApplicationUser User)> CompletedStudentAsync()
    {
        var (client, user) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-400));
        await CompleteLessonsAsync(user);
        return (client, user);
    }

    private async Task<HttpResponseMessage> SaveNoteAsync(BrowserlessClient client, string text, NoteConsent consent)
    {
        var (_, page) = await client.GetAsync("/learn/complete");
        return await client.SubmitAsync(page, "form.note-form", "/learn/complete",
            new Dictionary<string, string> { ["text"] = text, ["consent"] = consent.ToString() });
    }

    [Fact]
    public async Task The_completion_page_and_certificate_open_only_when_every_lesson_is_complete()
    {
        var (client, user) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-400));
        await CompleteLessonsAsync(user, leaveOpen: 1);

        var (early, earlyPage) = await client.GetAsync("/learn/complete");
        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        Assert.Contains("This page opens when you have completed every lesson", earlyPage.DocumentElement.TextContent);
        Assert.Null(earlyPage.QuerySelector("form.note-form"));
        var (_, earlyCertificate) = await client.GetAsync("/learn/certificate");
        Assert.Null(earlyCertificate.QuerySelector(".certificate"));

        await CompleteLessonsAsync(user);
        var (_, page) = await client.GetAsync("/learn/complete");
        Assert.Equal("You finished the course", page.QuerySelector("h1")?.TextContent);
        Assert.NotNull(page.QuerySelector("a[href='journal/export']"));
        Assert.NotNull(page.QuerySelector("a[href='crisis']"));
        var (_, certificate) = await client.GetAsync("/learn/certificate");
        Assert.NotNull(certificate.QuerySelector(".certificate"));
        Assert.Equal(user.Email![..user.Email!.IndexOf('@')], certificate.QuerySelector(".certificate h1")?.TextContent);
    }

    [Fact]
    public async Task A_visitor_is_sent_to_sign_in_and_a_student_without_access_to_the_course_page()
    {
        var visitor = BrowserlessClient.Create(app);
        var (signedOut, _) = await visitor.GetAsync("/learn/complete");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Contains("/Account/Login", signedOut.Headers.Location!.OriginalString);

        var (client, user) = await CompletedStudentAsync();
        await using (var db = app.CreateAppContext())
        {
            await db.Enrollments.Where(e => e.UserId == user.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, EnrollmentStatus.Refunded));
        }
        var (refunded, _) = await client.GetAsync("/learn/certificate");
        Assert.Equal(HttpStatusCode.Redirect, refunded.StatusCode);
        Assert.Contains("access=EnrollmentInactive", refunded.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_page_counts_her_reflections_and_shows_every_module_of_her_path()
    {
        var (client, user) = await CompletedStudentAsync();
        foreach (var slug in new[] { "welcome", "what-attachment-is" })
        {
            var (_, lesson) = await client.GetAsync($"/learn/{slug}");
            await client.SubmitAsync(lesson, "form.journal-form", $"/learn/{slug}", new Dictionary<string, string> { ["text"] = "private words " + slug });
        }
        var (_, page) = await client.GetAsync("/learn/complete");
        var text = page.DocumentElement.TextContent;
        Assert.Contains("You wrote 2 reflections", text);
        Assert.DoesNotContain("private words", text);
        await using var db = app.Database.CreateContext();
        var modules = await db.Modules.CountAsync(m => m.Lessons.Any(l => l.Published));
        Assert.Equal(modules, page.QuerySelectorAll(".completion-path li").Length);
    }

    [Fact]
    public async Task Her_note_is_stored_with_her_consent_and_only_approved_publishable_notes_are_published()
    {
        var (publicClient, publicUser) = await CompletedStudentAsync();
        var (privateClient, privateUser) = await CompletedStudentAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await SaveNoteAsync(publicClient, NoteText, NoteConsent.Anonymous)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveNoteAsync(privateClient, "Only for you.", NoteConsent.Private)).StatusCode);

        Guid publicId, privateId;
        await using (var db = app.Database.CreateContext())
        {
            var stored = await db.Set<CompletionNote>().SingleAsync(n => n.UserId == publicUser.Id);
            Assert.Equal(NoteConsent.Anonymous, stored.Consent);
            Assert.Equal(NoteText, stored.Text);
            publicId = stored.Id;
            privateId = (await db.Set<CompletionNote>().SingleAsync(n => n.UserId == privateUser.Id)).Id;
        }

        using var scope = app.Services.CreateScope();
        var completion = scope.ServiceProvider.GetRequiredService<CompletionService>();
        Assert.DoesNotContain(await completion.PublishedNotesAsync(), n => n.Id == publicId);

        var instructor = await app.SignInNewUserAsync(Roles.Instructor);
        var (_, notesPage) = await instructor.GetAsync("/author/notes");
        Assert.Null(notesPage.QuerySelector($"form[action='author/notes/{privateId}/approve']"));
        var approved = await instructor.SubmitAsync(notesPage, $"form[action='author/notes/{publicId}/approve']", "/author/notes");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        // A private note cannot be approved, even when asked directly.
        Assert.Equal(NoteReviewResult.NotPublishable, await completion.ApproveAsync(privateId, AuditActor.System));

        var published = await completion.PublishedNotesAsync();
        var note = Assert.Single(published, n => n.Id == publicId);
        Assert.Null(note.FirstName);
        Assert.DoesNotContain(published, n => n.Id == privateId);
        await using (var db = app.Database.CreateContext())
        {
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.Note.Approved && a.Target == $"note:{publicId}"));
        }

        // Her edit withdraws the approval: what is published is what was approved.
        await SaveNoteAsync(publicClient, NoteText + " And I rest more.", NoteConsent.Anonymous);
        Assert.DoesNotContain(await completion.PublishedNotesAsync(), n => n.Id == publicId);
    }

    [Fact]
    public async Task A_student_posting_the_approve_form_is_refused()
    {
        var (writer, _) = await CompletedStudentAsync();
        await SaveNoteAsync(writer, NoteText, NoteConsent.FirstName);
        Guid id;
        await using (var db = app.Database.CreateContext()) id = (await db.Set<CompletionNote>().OrderByDescending(n => n.CreatedAt).FirstAsync()).Id;

        // Her own antiforgery token, from her own page, posted at the staff address.
        var (_, page) = await writer.GetAsync("/learn/complete");
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector("form.note-form")!;
        form.SetAttribute("action", $"/author/notes/{id}/approve");
        var response = await writer.SubmitAsync(page, "form.note-form", "/learn/complete");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("/author/notes?done", response.Headers.Location?.OriginalString ?? "");
        await using (var db = app.Database.CreateContext())
        {
            Assert.Null((await db.Set<CompletionNote>().SingleAsync(n => n.Id == id)).ApprovedAt);
        }
    }

    [Fact]
    public async Task Her_note_is_in_her_data_export_and_is_deleted_with_her_account()
    {
        var (client, user) = await CompletedStudentAsync();
        await SaveNoteAsync(client, NoteText, NoteConsent.Private);
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var personal = scope.ServiceProvider.GetRequiredService<Core.Accounts.PersonalDataService>();
        var me = (await users.FindByIdAsync(user.Id))!;

        using var json = JsonDocument.Parse(await personal.ExportAsync(me));
        var exported = json.RootElement.GetProperty("NotesToTheAuthor")[0];
        Assert.Equal(NoteText, exported.GetProperty("Text").GetString());
        Assert.Equal("Private", exported.GetProperty("Consent").GetString());

        Assert.True((await personal.DeleteAccountAsync(me)).Succeeded);
        await using var db = app.Database.CreateContext();
        Assert.False(await db.Set<CompletionNote>().AnyAsync(n => n.UserId == user.Id));
    }
}
