using System.Net;
using System.Net.Http.Headers;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Journal;

/// <summary>The private journal through the real pages and endpoints.</summary>
[Trait("Category", "Journal")]
public sealed class JournalTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Secret = "I was afraid he would leave when he went quiet at dinner, and I kept asking if he was angry.";

    private async Task<(BrowserlessClient Client, ApplicationUser User)> EnrolledAsync() =>
        await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-3));

    /// <summary>Writes a reflection through the lesson page's own form, as the non-JavaScript path does.</summary>
    private static async Task<HttpResponseMessage> WriteAsync(BrowserlessClient client, string slug, string text)
    {
        var (_, page) = await client.GetAsync($"/learn/{slug}");
        return await client.SubmitAsync(page, "form.journal-form", $"/learn/{slug}", new Dictionary<string, string> { ["text"] = text });
    }

    [Fact]
    public async Task A_reflection_written_on_the_lesson_page_is_stored_encrypted_and_shown_back_only_to_her()
    {
        var (client, student) = await EnrolledAsync();
        var saved = await WriteAsync(client, "welcome", Secret);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        await using (var db = app.Database.CreateContext())
        {
            var row = await db.JournalEntries.SingleAsync(e => e.UserId == student.Id);
            Assert.DoesNotContain("afraid", row.Ciphertext, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Secret[..20], row.Ciphertext);
            var raw = await db.Database.SqlQuery<string>($"SELECT \"Ciphertext\"::text AS \"Value\" FROM \"JournalEntries\"").ToListAsync();
            Assert.NotEmpty(raw);
            Assert.All(raw, c => Assert.DoesNotContain("afraid", c, StringComparison.OrdinalIgnoreCase));
        }

        var (_, lesson) = await client.GetAsync("/learn/welcome");
        Assert.Equal(Secret, lesson.QuerySelector("#reflection-text")!.TextContent);
        var (_, journal) = await client.GetAsync("/journal");
        Assert.Contains(Secret, journal.DocumentElement.TextContent);
    }

    [Fact]
    public async Task The_autosave_call_answers_json_and_saves()
    {
        var (client, student) = await EnrolledAsync();
        var (_, page) = await client.GetAsync("/learn/welcome");
        var token = page.QuerySelector("form.journal-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/journal/entries/welcome")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("text", "draft one")]),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var response = await client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"saved\":true", await response.Content.ReadAsStringAsync());
        await using var db = app.Database.CreateContext();
        Assert.Equal(1, await db.JournalEntries.CountAsync(e => e.UserId == student.Id));
    }

    [Fact]
    public async Task Posts_without_the_antiforgery_token_are_refused()
    {
        var (client, student) = await EnrolledAsync();
        await WriteAsync(client, "welcome", Secret);
        Guid entryId;
        await using (var db = app.Database.CreateContext()) entryId = (await db.JournalEntries.SingleAsync(e => e.UserId == student.Id)).Id;

        var write = await client.Http.PostAsync("/journal/entries/welcome", new FormUrlEncodedContent([new("text", "forged")]));
        var delete = await client.Http.PostAsync($"/journal/entries/{entryId}/delete", new FormUrlEncodedContent([]));
        var deleteAll = await client.Http.PostAsync("/journal/delete-all", new FormUrlEncodedContent([new("confirm", "delete")]));

        Assert.All([write, delete, deleteAll], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Contains(Secret, await client.Http.GetStringAsync("/journal/export"));
    }

    [Fact]
    public async Task Another_student_cannot_read_or_delete_an_entry_by_its_id()
    {
        var (owner, ownerUser) = await EnrolledAsync();
        await WriteAsync(owner, "welcome", Secret);
        Guid entryId;
        await using (var db = app.Database.CreateContext()) entryId = (await db.JournalEntries.SingleAsync(e => e.UserId == ownerUser.Id)).Id;

        var (other, _) = await EnrolledAsync();
        var (journalResponse, theirJournal) = await other.GetAsync("/journal");
        Assert.Equal(HttpStatusCode.OK, journalResponse.StatusCode);
        Assert.Empty(theirJournal.QuerySelectorAll("form.journal-form"));
        Assert.DoesNotContain(Secret, theirJournal.DocumentElement.OuterHtml);
        var (lessonResponse, theirLesson) = await other.GetAsync("/learn/welcome");
        Assert.Equal(HttpStatusCode.OK, lessonResponse.StatusCode);
        Assert.Equal("", theirLesson.QuerySelector("#reflection-text")!.TextContent);
        Assert.DoesNotContain(Secret, theirLesson.DocumentElement.OuterHtml);
        var export = await other.Http.GetAsync("/journal/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var markdown = await export.Content.ReadAsStringAsync();
        Assert.Contains("0 entries", markdown);
        Assert.DoesNotContain(Secret, markdown);
        var token = theirLesson.QuerySelector("form.journal-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var byId = await other.Http.PostAsync($"/journal/entries/{entryId}/delete", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.NotFound, byId.StatusCode);
        await using (var db = app.Database.CreateContext()) Assert.True(await db.JournalEntries.AnyAsync(e => e.Id == entryId));
    }

    [Fact]
    public async Task Admins_never_see_journal_text()
    {
        var (student, _) = await EnrolledAsync();
        await WriteAsync(student, "welcome", Secret);
        var admin = await app.SignInNewUserAsync(Roles.Admin);
        foreach (var (url, expected) in new[] { ("/admin/payments", HttpStatusCode.OK), ("/admin/emails", HttpStatusCode.OK), ("/journal", HttpStatusCode.OK), ($"/learn/{CourseFiles.FirstClosedLesson.Slug}", HttpStatusCode.Redirect), ("/learn/welcome", HttpStatusCode.OK) })
        {
            var (response, page) = await admin.GetAsync(url);
            Assert.True(response.StatusCode == expected, $"{url} answered {(int)response.StatusCode}");
            Assert.DoesNotContain(Secret, page.DocumentElement.OuterHtml);
        }
        // The control: the text is there to be found, on her own journal page.
        var (_, hers) = await student.GetAsync("/journal");
        Assert.Contains(Secret, hers.DocumentElement.TextContent);
    }

    [Fact]
    public async Task Export_contains_every_entry_as_markdown()
    {
        var (client, _) = await EnrolledAsync();
        await WriteAsync(client, "welcome", "First thoughts.\nA second line.");
        await WriteAsync(client, "what-attachment-is", "My map of safety was drawn early.");

        var response = await client.Http.GetAsync("/journal/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition!.ToString());
        var markdown = await response.Content.ReadAsStringAsync();
        Assert.Contains("First thoughts.\nA second line.", markdown);
        Assert.Contains("My map of safety was drawn early.", markdown);
        Assert.Contains("2 entries", markdown);
        Assert.True(markdown.IndexOf("First thoughts", StringComparison.Ordinal) < markdown.IndexOf("My map of safety", StringComparison.Ordinal), "entries follow the course order");
    }

    [Fact]
    public async Task Deleting_one_entry_and_then_all_removes_them_from_the_database()
    {
        var (client, student) = await EnrolledAsync();
        await WriteAsync(client, "welcome", "one");
        await WriteAsync(client, "what-attachment-is", "two");

        var (_, journal) = await client.GetAsync("/journal");
        var deleteOne = journal.QuerySelectorAll("form[action$='/delete']").First();
        var deleted = await client.SubmitAsync(journal, $"form[action='{deleteOne.GetAttribute("action")}']", "/journal");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        await using (var db = app.Database.CreateContext()) Assert.Equal(1, await db.JournalEntries.CountAsync(e => e.UserId == student.Id));

        var (_, again) = await client.GetAsync("/journal");
        var notConfirmed = await client.SubmitAsync(again, "form#delete-all", "/journal", new Dictionary<string, string> { ["confirm"] = "yes" });
        Assert.EndsWith("journal?confirm=1", notConfirmed.Headers.Location!.OriginalString);
        await using (var db = app.Database.CreateContext()) Assert.Equal(1, await db.JournalEntries.CountAsync(e => e.UserId == student.Id));

        var all = await client.SubmitAsync(again, "form#delete-all", "/journal", new Dictionary<string, string> { ["confirm"] = "delete" });
        Assert.EndsWith("journal?deleted=all", all.Headers.Location!.OriginalString);
        await using (var db = app.Database.CreateContext()) Assert.False(await db.JournalEntries.AnyAsync(e => e.UserId == student.Id));
    }

    [Fact]
    public async Task The_journal_stays_readable_editable_and_exportable_after_a_refund()
    {
        var (client, student) = await EnrolledAsync();
        await WriteAsync(client, "welcome", Secret);
        using (var scope = app.Services.CreateScope())
        {
            await using var db = app.Database.CreateContext();
            var enrollment = await db.Enrollments.SingleAsync(e => e.UserId == student.Id);
            await scope.ServiceProvider.GetRequiredService<EnrollmentService>().SetStatusAsync(enrollment.Id, EnrollmentStatus.Refunded);
        }

        var (_, journal) = await client.GetAsync("/journal");
        Assert.Contains(Secret, journal.DocumentElement.TextContent);
        var edited = await client.SubmitAsync(journal, "form.journal-form", "/journal", new Dictionary<string, string> { ["text"] = Secret + " Later: less so." });
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Contains("Later: less so.", await client.Http.GetStringAsync("/journal/export"));

        // A new entry for a lesson she can no longer open is refused.
        var token = journal.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var fresh = await client.Http.PostAsync("/journal/entries/what-attachment-is", new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("text", "new")]));
        Assert.Equal(HttpStatusCode.BadRequest, fresh.StatusCode);
    }

    [Fact]
    public async Task The_journal_page_says_nobody_reads_it_so_danger_must_be_told_to_a_person_and_to_sign_out_on_a_shared_device()
    {
        var (client, _) = await EnrolledAsync();
        var (_, empty) = await client.GetAsync("/journal");
        await WriteAsync(client, "welcome", "A first entry.");
        var (_, withEntries) = await client.GetAsync("/journal");

        foreach (var page in new[] { empty, withEntries })
        {
            var note = page.QuerySelector("main #journal-privacy");
            Assert.NotNull(note);
            var text = note.TextContent;
            Assert.Contains("nobody reads your journal", text);
            Assert.Contains("tell a person", text);
            Assert.Contains("shared phone or computer", text);
            Assert.Contains("sign out", text);
            var crisis = note.QuerySelector("a[href='crisis']");
            Assert.NotNull(crisis);
            Assert.Equal("Crisis resources", crisis.TextContent);
        }
    }

    [Fact]
    public async Task A_visitor_is_sent_to_sign_in()
    {
        var anonymous = BrowserlessClient.Create(app);
        foreach (var url in new[] { "/journal", "/journal/export" })
        {
            var response = await anonymous.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Account/Login", response.Headers.Location!.OriginalString);
        }
    }
}
