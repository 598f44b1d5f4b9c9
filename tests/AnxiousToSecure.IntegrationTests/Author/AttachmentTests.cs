using System.Net;
using System.Net.Http.Headers;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.IntegrationTests.Author;

/// <summary>Lesson files: uploaded by staff with limits, served only to readers of the lesson.</summary>
[Trait("Category", "Author")]
public sealed class AttachmentTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();

    private async Task<int> LessonIdAsync(string slug)
    {
        await using var db = app.Database.CreateContext();
        return await db.Lessons.Where(l => l.Slug == slug).Select(l => l.Id).SingleAsync();
    }

    /// <summary>Uploads through the page's own multipart form (with its antiforgery token); returns the message shown after.</summary>
    private static async Task<string> UploadAsync(BrowserlessClient client, int lessonId, string name, byte[] content)
    {
        var (_, page) = await client.GetAsync($"/author/lessons/{lessonId}/attachments");
        var token = page.QuerySelector("form#upload input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", name);
        var response = await client.Http.PostAsync($"/author/lessons/{lessonId}/attachments/upload", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, after) = await client.GetAsync(response.Headers.Location!.OriginalString);
        return after.QuerySelector("[role=status]")!.TextContent;
    }

    private static string FileUrl(AngleSharp.Html.Dom.IHtmlDocument page, string name) =>
        "/" + page.QuerySelectorAll("a[href^='files/']").Single(a => a.TextContent == name).GetAttribute("href");

    [Fact]
    public async Task A_worksheet_is_served_to_a_student_who_can_read_the_lesson_and_to_nobody_else()
    {
        var id = await LessonIdAsync("what-attachment-is");
        var instructor = await app.SignInNewUserAsync(Roles.Instructor);
        Assert.Contains("added", await UploadAsync(instructor, id, "secure-base-worksheet.pdf", Pdf));

        var (reader, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-3));
        var (_, lesson) = await reader.GetAsync("/learn/what-attachment-is");
        var url = FileUrl(lesson, "secure-base-worksheet.pdf");
        var ok = await reader.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("application/pdf", ok.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Pdf, await ok.Content.ReadAsByteArrayAsync());

        var (notYet, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow()); // day 2's lesson is still locked for her
        Assert.Equal(HttpStatusCode.Forbidden, (await notYet.Http.GetAsync(url)).StatusCode);
        var (notEnrolled, _) = await app.SignInNewStudentAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await notEnrolled.Http.GetAsync(url)).StatusCode);
        var anonymous = await BrowserlessClient.Create(app).Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/Account/Login", anonymous.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_range_request_gets_exactly_the_bytes_asked_for_and_still_only_with_access()
    {
        var id = await LessonIdAsync("what-attachment-is");
        var instructor = await app.SignInNewUserAsync(Roles.Instructor);
        // Larger than one chunk the stream reads at a time, so a range can cross from one into the next.
        var recording = new byte[AnxiousToSecure.Core.Author.AttachmentContentStream.ChunkSize * 2 + 12345];
        new Random(15).NextBytes(recording);
        Pdf.CopyTo(recording, 0);
        Assert.Contains("added", await UploadAsync(instructor, id, "long-worksheet.pdf", recording));
        var (reader, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-3));
        var (_, lesson) = await reader.GetAsync("/learn/what-attachment-is");
        var url = FileUrl(lesson, "long-worksheet.pdf");

        var whole = await reader.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("bytes", string.Join(",", whole.Headers.AcceptRanges));
        Assert.Equal(recording, await whole.Content.ReadAsByteArrayAsync());

        var from = AnxiousToSecure.Core.Author.AttachmentContentStream.ChunkSize - 100;
        using var ask = new HttpRequestMessage(HttpMethod.Get, url);
        ask.Headers.Range = new RangeHeaderValue(from, from + 199);
        var part = await reader.Http.SendAsync(ask);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal($"bytes {from}-{from + 199}/{recording.Length}", part.Content.Headers.ContentRange!.ToString());
        Assert.Equal(recording[from..(from + 200)], await part.Content.ReadAsByteArrayAsync());

        using var tail = new HttpRequestMessage(HttpMethod.Get, url);
        tail.Headers.Range = new RangeHeaderValue(null, 10);
        Assert.Equal(recording[^10..], await (await reader.Http.SendAsync(tail)).Content.ReadAsByteArrayAsync());

        var (notYet, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow());
        using var refused = new HttpRequestMessage(HttpMethod.Get, url);
        refused.Headers.Range = new RangeHeaderValue(0, 99);
        Assert.Equal(HttpStatusCode.Forbidden, (await notYet.Http.SendAsync(refused)).StatusCode);
    }

    [Fact]
    public async Task Disallowed_disguised_and_empty_files_get_a_clear_message_and_nothing_is_stored()
    {
        var id = await LessonIdAsync("the-anxious-alarm");
        var instructor = await app.SignInNewUserAsync(Roles.Instructor);
        Assert.Contains("not a file type", await UploadAsync(instructor, id, "setup.exe", [0x4D, 0x5A, 0x90, 0x00]));
        Assert.Contains("does not look like a PDF", await UploadAsync(instructor, id, "worksheet.pdf", "<html><script>alert(1)</script>"u8.ToArray()));
        Assert.Contains("is empty", await UploadAsync(instructor, id, "blank.pdf", []));
        await using var db = app.Database.CreateContext();
        Assert.False(await db.LessonAttachments.AnyAsync(a => a.LessonId == id));
    }

    [Fact]
    public async Task An_oversized_upload_is_refused_with_the_limit()
    {
        var id = await LessonIdAsync("the-anxious-alarm");
        var instructor = await app.SignInNewUserAsync(Roles.Instructor);
        var big = new byte[26 * 1024 * 1024];
        Pdf.CopyTo(big, 0);
        Assert.Contains("at most 25 MB", await UploadAsync(instructor, id, "huge.pdf", big));
    }

    [Fact]
    public async Task Students_cannot_upload_or_delete()
    {
        var id = await LessonIdAsync("welcome");
        var instructor = await app.SignInNewUserAsync(Roles.Instructor);
        Assert.Contains("added", await UploadAsync(instructor, id, "kept.pdf", Pdf));
        Guid kept;
        await using (var db = app.Database.CreateContext()) kept = await db.LessonAttachments.Where(a => a.LessonId == id).Select(a => a.Id).SingleAsync();

        var (student, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow());
        var page = await student.Http.GetAsync($"/author/lessons/{id}/attachments");
        Assert.Contains("/Account/AccessDenied", page.Headers.Location!.OriginalString);
        // With an antiforgery token of her own, so that only authorization can stop her.
        var (_, reminders) = await student.GetAsync("/settings/reminders");
        var token = reminders.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(Pdf), "file", "x.pdf" } };
        var upload = await student.Http.PostAsync($"/author/lessons/{id}/attachments/upload", form);
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        Assert.Contains("/Account/AccessDenied", upload.Headers.Location!.OriginalString);
        var delete = await student.Http.PostAsync($"/author/attachments/{kept}/delete", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        Assert.Contains("/Account/AccessDenied", delete.Headers.Location!.OriginalString);

        await using var check = app.Database.CreateContext();
        Assert.Equal([kept], await check.LessonAttachments.Where(a => a.LessonId == id).Select(a => a.Id).ToListAsync());
    }
}
