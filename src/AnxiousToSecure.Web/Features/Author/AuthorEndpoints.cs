using System.IO.Compression;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Author;
using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Web.Components.Shared;
using AnxiousToSecure.Web.Features.Admin;
using AnxiousToSecure.Web.Features.Checkout;
using AnxiousToSecure.Web.Features.Journal;
using AnxiousToSecure.Web.Features.Settings;
using AnxiousToSecure.Web.Hosting;

namespace AnxiousToSecure.Web.Features.Author;

public static class AuthorEndpoints
{
    public static IEndpointRouteBuilder MapAuthorEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/author/export", ExportAsync).RequireAuthorization(p => p.RequireRole(Roles.Instructor, Roles.Admin));

        var files = app.MapGroup("/author").RequireAuthorization(p => p.RequireRole(Roles.Instructor, Roles.Admin)).RequireFormAntiforgery();
        files.MapPost("/lessons/{lessonId:int}/attachments/upload", UploadAsync)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(LessonAttachments.MaxBytes + 1024 * 1024));
        files.MapPost("/attachments/{id:guid}/delete", DeleteAttachmentAsync);
        files.MapPost("/lessons/{lessonId:int}/audio", SetAudioAsync);
        files.MapCourseImport();

        // Students with access to the lesson, instructors and admins; nobody else, whatever the id.
        app.MapGet("/files/{id:guid}/{name}", DownloadAsync).RequireAuthorization();
        return app;
    }

    /// <summary>The course as it is now, in the course-content format, as a zip (the same files as <c>export-content</c>).</summary>
    private static async Task<IResult> ExportAsync(CourseExporter exporter, TimeProvider time, CancellationToken ct)
    {
        var course = await exporter.LoadAsync(ct);
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, bytes) in CourseContentWriter.AllFiles(course))
            {
                var entry = zip.CreateEntry($"course-content/{path}", CompressionLevel.Optimal);
                await using var stream = await entry.OpenAsync(ct);
                await stream.WriteAsync(bytes, ct);
            }
        }
        buffer.Position = 0;
        return TypedResults.File(buffer, "application/zip", $"{course.Slug}-{time.GetUtcNow():yyyy-MM-dd}.zip");
    }

    private static async Task<IResult> UploadAsync(int lessonId, HttpContext http, LessonAttachments attachments, FlashNotes flash)
    {
        string message;
        try
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var file = form.Files["file"];
            message = file is null
                ? "Choose a file to upload."
                : (await attachments.UploadAsync(lessonId, file.FileName, file.OpenReadStream(), file.Length, Actor(http), http.RequestAborted)).Message;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            message = $"That file is too large; attachments can be at most {LessonAttachments.MaxBytes / 1024 / 1024} MB.";
        }
        return TypedResults.LocalRedirect(flash.Link($"~/author/lessons/{lessonId}/attachments", LessonFiles.Uploaded, message));
    }

    private static async Task<IResult> DeleteAttachmentAsync(Guid id, HttpContext http, LessonAttachments attachments, FlashNotes flash)
    {
        var file = await attachments.OpenAsync(id, http.RequestAborted);
        if (file is null) return TypedResults.NotFound();
        await attachments.DeleteAsync(id, Actor(http), http.RequestAborted);
        return TypedResults.LocalRedirect(flash.Link($"~/author/lessons/{file.Value.File.LessonId}/attachments", LessonFiles.Deleted, file.Value.File.FileName));
    }

    /// <summary>Form field <c>attachment</c>: the recording's id, or empty to take the audio version off.</summary>
    private static async Task<IResult> SetAudioAsync(int lessonId, HttpContext http, LessonAttachments attachments, FlashNotes flash)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        Guid? id = Guid.TryParse(form["attachment"], out var parsed) ? parsed : null;
        var outcome = await attachments.SetAudioAsync(lessonId, id, Actor(http), http.RequestAborted);
        return TypedResults.LocalRedirect(flash.Link($"~/author/lessons/{lessonId}/attachments", LessonFiles.AudioSet, outcome.Message));
    }

    private static async Task<IResult> DownloadAsync(Guid id, HttpContext http, LessonAttachments attachments, StudentCourseService courses)
    {
        var found = await attachments.OpenAsync(id, http.RequestAborted);
        if (found is not { } f) return TypedResults.NotFound();
        var staff = http.User.IsInRole(Roles.Instructor) || http.User.IsInRole(Roles.Admin);
        if (!staff && !(await courses.GetLessonAsync(http.User.UserId(), f.LessonSlug, http.RequestAborted)).Granted)
        {
            return TypedResults.StatusCode(StatusCodes.Status403Forbidden);
        }
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "private, max-age=3600";
        // Streamed from the database a chunk at a time, with Range (206) and If-Range: a recording can be
        // resumed or scrubbed. A replaced file gets a new id, so the id is a strong entity tag.
        return TypedResults.File(attachments.ReadContent(f.File), f.File.ContentType, f.File.FileName,
            lastModified: f.File.UploadedAt, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{f.File.Id:N}\""), enableRangeProcessing: true);
    }

    internal static AuditActor Actor(HttpContext http) => http.User.AsAuditActor("instructor");
}
