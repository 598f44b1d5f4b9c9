using System.Net;
using System.Net.Http.Headers;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Author;
using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Learn;

/// <summary>
/// "Listen": a lesson's audio version comes with the shared content, her place in it with what is hers
/// (one statement), saved by a small antiforgery-checked post, per student and per lesson; the
/// recording is served in ranges. A lesson without one offers reading aloud.
/// </summary>
[Trait("Category", "Learn")]
public sealed class ListenTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly byte[] Recording = SilentMp3.Of(90);

    /// <summary>A lesson of the test's own with a recording as its audio version, chosen as the files page does.</summary>
    private async Task<(ScratchLesson Lesson, Guid FileId)> LessonWithAudioAsync(string name = "recording.mp3")
    {
        var lesson = await ScratchLesson.PublishAsync(app, releaseAfterDays: 0);
        using var scope = app.Services.CreateScope();
        var attachments = scope.ServiceProvider.GetRequiredService<LessonAttachments>();
        var actor = new AuditActor("i", "instructor@example.com");
        var upload = await attachments.UploadAsync(lesson.Id, name, new MemoryStream(Recording), Recording.Length, actor);
        Assert.True(upload.Ok, upload.Message);
        var id = (await attachments.ListAsync(lesson.Id)).Single(f => f.FileName == name).Id;
        var chosen = await attachments.SetAudioAsync(lesson.Id, id, actor);
        Assert.True(chosen.Ok, chosen.Message);
        return (lesson, id);
    }

    private static async Task<(int Position, string Status, string Token)> ListenAsync(BrowserlessClient client, string slug)
    {
        var (response, page) = await client.GetAsync($"/learn/{slug}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var section = page.QuerySelector("section.listen[data-listen=audio]") ?? throw new Xunit.Sdk.XunitException("no player on the lesson");
        Assert.NotNull(section.QuerySelector("audio[src^='files/']"));
        var token = section.QuerySelector("form.listen-save input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return (int.Parse(section.GetAttribute("data-position")!), section.QuerySelector(".listen-status")!.TextContent, token);
    }

    private static Task<HttpResponseMessage> SaveAsync(BrowserlessClient client, string slug, string token, string seconds) =>
        client.Http.PostAsync($"/learn/{slug}/listening", new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("seconds", seconds)]));

    [Fact]
    public async Task Her_place_in_the_recording_is_saved_and_read_back_per_student_and_per_lesson()
    {
        var (lesson, _) = await LessonWithAudioAsync();
        var (other, _) = await LessonWithAudioAsync();
        var (her, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-1));
        var (someoneElse, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-1));

        var (start, status, token) = await ListenAsync(her, lesson.Slug);
        Assert.Equal(0, start);
        Assert.Equal("", status.Trim());
        Assert.Equal(HttpStatusCode.NoContent, (await SaveAsync(her, lesson.Slug, token, "42.7")).StatusCode);

        var (resumed, resumedStatus, _) = await ListenAsync(her, lesson.Slug);
        Assert.Equal(42, resumed);
        Assert.Contains("You stopped at 0:42", resumedStatus);
        // Another lesson keeps its own place; another student never sees hers.
        Assert.Equal(0, (await ListenAsync(her, other.Slug)).Position);
        var (theirs, _, theirToken) = await ListenAsync(someoneElse, lesson.Slug);
        Assert.Equal(0, theirs);
        Assert.Equal(HttpStatusCode.NoContent, (await SaveAsync(someoneElse, lesson.Slug, theirToken, "7")).StatusCode);
        Assert.Equal(42, (await ListenAsync(her, lesson.Slug)).Position);
        Assert.Equal(7, (await ListenAsync(someoneElse, lesson.Slug)).Position);

        // Saving again moves it (backwards too: she may have skipped back).
        Assert.Equal(HttpStatusCode.NoContent, (await SaveAsync(her, lesson.Slug, token, "30")).StatusCode);
        Assert.Equal(30, (await ListenAsync(her, lesson.Slug)).Position);
    }

    [Fact]
    public async Task A_save_is_refused_without_a_token_on_a_lesson_she_cannot_read_or_without_a_recording()
    {
        var (lesson, _) = await LessonWithAudioAsync();
        var (her, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-1));
        var (_, _, token) = await ListenAsync(her, lesson.Slug);

        var noToken = await her.Http.PostAsync($"/learn/{lesson.Slug}/listening", new FormUrlEncodedContent([new("seconds", "5")]));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SaveAsync(her, lesson.Slug, token, "soon")).StatusCode);
        // A lesson without an audio version has nothing to remember; a locked one is not hers to touch.
        Assert.Equal(HttpStatusCode.BadRequest, (await SaveAsync(her, "welcome", token, "5")).StatusCode);
        var locked = await ScratchLesson.PublishAsync(app, releaseAfterDays: 30);
        Assert.Equal(HttpStatusCode.BadRequest, (await SaveAsync(her, locked.Slug, token, "5")).StatusCode);

        var (notEnrolled, _) = await app.SignInNewStudentAsync();
        var (_, course) = await notEnrolled.GetAsync("/settings/reminders");
        var theirToken = course.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        Assert.Equal(HttpStatusCode.BadRequest, (await SaveAsync(notEnrolled, lesson.Slug, theirToken, "5")).StatusCode);

        await using var db = app.Database.CreateContext();
        Assert.False(await db.LessonProgress.AnyAsync(p => p.LessonId == locked.Id));
        Assert.False(await db.LessonProgress.AnyAsync(p => p.LessonId == lesson.Id && p.Enrollment!.UserId != null && p.AudioPositionSeconds == 5));
    }

    [Fact]
    public async Task The_recording_is_served_as_audio_in_ranges_so_a_player_can_seek()
    {
        var (lesson, _) = await LessonWithAudioAsync();
        var (her, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-1));
        var (_, page) = await her.GetAsync($"/learn/{lesson.Slug}");
        var src = "/" + page.QuerySelector("section.listen audio")!.GetAttribute("src");

        using var ask = new HttpRequestMessage(HttpMethod.Get, src);
        ask.Headers.Range = new RangeHeaderValue(1000, 1999);
        var part = await her.Http.SendAsync(ask);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal("audio/mpeg", part.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"bytes 1000-1999/{Recording.Length}", part.Content.Headers.ContentRange!.ToString());
        Assert.Equal(Recording[1000..2000], await part.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_lesson_without_a_recording_offers_reading_aloud_and_no_player()
    {
        var (her, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-1));
        var (_, page) = await her.GetAsync("/learn/welcome");
        var section = page.QuerySelector("section.listen")!;
        Assert.Equal("speech", section.GetAttribute("data-listen"));
        Assert.Null(section.QuerySelector("audio"));
        Assert.NotNull(section.QuerySelector("button[data-action=play]"));
        Assert.Equal("polite", section.QuerySelector(".listen-status")!.GetAttribute("aria-live"));
    }

    [Fact]
    public async Task The_lesson_page_with_a_recording_keeps_to_the_reading_budget()
    {
        var (lesson, _) = await LessonWithAudioAsync();
        var (her, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-1));
        var (_, _, token) = await ListenAsync(her, lesson.Slug);
        Assert.Equal(HttpStatusCode.NoContent, (await SaveAsync(her, lesson.Slug, token, "12")).StatusCode);

        var (count, texts) = await app.Statements.DuringAsync(() => her.Http.GetAsync($"/learn/{lesson.Slug}"));
        Assert.True(count <= 3, $"lesson page with a recording: {count} statements\n{texts}");
        var (saves, saveTexts) = await app.Statements.DuringAsync(() => SaveAsync(her, lesson.Slug, token, "20"));
        Assert.True(saves <= 2, $"saving her place: {saves} statements\n{saveTexts}");
    }

    [Fact]
    public async Task The_audio_version_travels_with_the_course_files_and_a_deleted_recording_is_no_longer_it()
    {
        var (lesson, fileId) = await LessonWithAudioAsync("voice.mp3");
        var folder = Path.Combine(Path.GetTempPath(), $"ats-listen-{Guid.NewGuid():N}");
        try
        {
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<CourseExporter>().ExportFolderAsync(folder);
            var file = Directory.EnumerateFiles(folder, $"*-{lesson.Slug}.md", SearchOption.AllDirectories).Single();
            var folderName = Path.GetFileNameWithoutExtension(file) + ".files";
            Assert.Contains($"\naudio: \"{folderName}/voice.mp3\"\n", File.ReadAllText(file));

            await using (var db = app.Database.CreateContext())
            {
                await db.Lessons.Where(l => l.Id == lesson.Id).ExecuteUpdateAsync(s => s.SetProperty(l => l.AudioFileName, (string?)null));
            }
            await scope.ServiceProvider.GetRequiredService<CourseImporter>().ImportFolderAsync(folder, AppEditsPolicy.Overwrite);
            await using (var db = app.Database.CreateContext())
            {
                Assert.Equal("voice.mp3", await db.Lessons.Where(l => l.Id == lesson.Id).Select(l => l.AudioFileName).SingleAsync());
            }
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }

        using (var scope = app.Services.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<LessonAttachments>().DeleteAsync(fileId, new AuditActor("i", "instructor@example.com")));
        }
        var (her, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-1));
        var (_, page) = await her.GetAsync($"/learn/{lesson.Slug}");
        Assert.Equal("speech", page.QuerySelector("section.listen")!.GetAttribute("data-listen"));
    }

    [Fact]
    public async Task The_instructor_chooses_the_audio_version_on_the_files_page_and_only_a_recording_can_be_it()
    {
        var lesson = await ScratchLesson.PublishAsync(app, releaseAfterDays: 0);
        using var scope = app.Services.CreateScope();
        var attachments = scope.ServiceProvider.GetRequiredService<LessonAttachments>();
        var actor = new AuditActor("i", "instructor@example.com");
        byte[] pdf = [.. "%PDF-1.4\n"u8, 1, 2];
        Assert.True((await attachments.UploadAsync(lesson.Id, "sheet.pdf", new MemoryStream(pdf), pdf.Length, actor)).Ok);
        Assert.True((await attachments.UploadAsync(lesson.Id, "talk.mp3", new MemoryStream(Recording), Recording.Length, actor)).Ok);

        var instructor = await app.SignInNewUserAsync(AnxiousToSecure.Core.Data.Roles.Instructor);
        var (_, files) = await instructor.GetAsync($"/author/lessons/{lesson.Id}/attachments");
        Assert.Single(files.QuerySelectorAll("form[action$='/audio']"));
        var use = await instructor.SubmitAsync(files, $"form[action$='/audio']", $"/author/lessons/{lesson.Id}/attachments");
        Assert.Equal(HttpStatusCode.Redirect, use.StatusCode);
        var (_, after) = await instructor.GetAsync(use.Headers.Location!.OriginalString);
        Assert.Contains("'talk.mp3' is now the audio version", after.QuerySelector("[role=status]")!.TextContent);
        Assert.Contains("Audio version", after.QuerySelector(".audio-version")!.TextContent);

        var pdfId = (await attachments.ListAsync(lesson.Id)).Single(f => f.FileName == "sheet.pdf").Id;
        Assert.False((await attachments.SetAudioAsync(lesson.Id, pdfId, actor)).Ok);
        await using var db = app.Database.CreateContext();
        Assert.Equal("talk.mp3", await db.Lessons.Where(l => l.Id == lesson.Id).Select(l => l.AudioFileName).SingleAsync());
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.Attachment.AudioChosen && a.Target == $"lesson:{lesson.Id}"));
    }
}
