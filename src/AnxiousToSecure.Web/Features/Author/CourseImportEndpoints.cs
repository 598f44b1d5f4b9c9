using System.Net;
using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Web.Components.Shared;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Web.Features.Author;

/// <summary>
/// Importing an uploaded zip of course files (<c>/author/import</c>). A zip that is unsafe to extract
/// is answered 400 with the reason; an import that would overwrite lessons edited in the app waits
/// for the instructor's answer; anything else ends with the upload removed.
/// </summary>
public static class CourseImportEndpoints
{
    public static RouteGroupBuilder MapCourseImport(this RouteGroupBuilder staff)
    {
        var limits = ((IEndpointRouteBuilder)staff).ServiceProvider.GetRequiredService<IOptions<ImportOptions>>().Value;
        staff.MapPost("/import/upload", UploadAsync)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(limits.MaxUploadBytes + 1024 * 1024));
        staff.MapPost("/import/confirm", ConfirmAsync);
        return staff;
    }

    private static async Task<IResult> UploadAsync(HttpContext http, CourseZipStore zips, CourseImporter importer, FlashNotes flash)
    {
        var file = (await http.Request.ReadFormAsync(http.RequestAborted)).Files["zip"];
        if (file is null || file.Length == 0) return Done(flash, ImportCourse.ChooseZip);
        await using var upload = file.OpenReadStream();
        Guid pending;
        try
        {
            pending = await zips.SaveAsync(upload, http.RequestAborted);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return NoRoom(http, e);
        }
        return await ImportAsync(http, pending, AppEditsPolicy.Refuse, zips, importer, flash);
    }

    private static async Task<IResult> ConfirmAsync(HttpContext http, CourseZipStore zips, CourseImporter importer, FlashNotes flash)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (!Guid.TryParse(form["pending"], out var pending) || !zips.Exists(pending)) return Done(flash, ImportCourse.Expired);
        var policy = form["policy"] == "overwrite" ? AppEditsPolicy.Overwrite : form["policy"] == "keep" ? AppEditsPolicy.Keep : (AppEditsPolicy?)null;
        if (policy is null)
        {
            zips.Discard(pending);
            return Done(flash, ImportCourse.Cancelled);
        }
        return await ImportAsync(http, pending, policy.Value, zips, importer, flash);
    }

    private static async Task<IResult> ImportAsync(HttpContext http, Guid pending, AppEditsPolicy policy, CourseZipStore zips, CourseImporter importer, FlashNotes flash)
    {
        var ct = http.RequestAborted;
        var keepUpload = false;
        try
        {
            var request = new ImportRequest(AuthorEndpoints.Actor(http), $"zip sha256 {await zips.Sha256Async(pending, ct)}", MayChangePrice: http.User.IsInRole(Roles.Admin));
            var result = await zips.WithExtractedAsync(pending, root => importer.ImportFolderAsync(root, policy, request, ct), ct);
            return Done(flash, ImportCourse.Imported, result.ToString());
        }
        catch (AppEditsConflictException e)
        {
            // The upload waits for the answer; the lesson list is shown on the page, so it travels sealed like a flash note.
            keepUpload = true;
            return TypedResults.LocalRedirect($"~/author/import?pending={pending:N}&lessons={Uri.EscapeDataString(flash.Seal(string.Join(",", e.Slugs), ImportCourse.QuestionLifetime))}");
        }
        catch (UnsafeZipException e)
        {
            return Refused(e.Message);
        }
        catch (ContentFormatException e)
        {
            return Done(flash, ImportCourse.Stopped, $"{e.File}:{e.Line}: {e.Problem}");
        }
        catch (ImportNotAllowedException e)
        {
            return Done(flash, ImportCourse.Stopped, e.Message);
        }
        catch (InvalidDataException)
        {
            return Done(flash, ImportCourse.NotZip);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Extracting ran out of disk (or found it read-only): the folder is already gone and the course untouched.
            return NoRoom(http, e);
        }
        finally
        {
            if (!keepUpload) zips.Discard(pending);
        }
    }

    /// <summary>The import folder is full or read-only (Import:TempFolder): the instructor is told so, the operator gets the error.</summary>
    private static IResult NoRoom(HttpContext http, Exception e)
    {
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CourseImportEndpoints))
            .LogError(e, "A course zip could not be stored or extracted in the import folder");
        return TypedResults.LocalRedirect(http.RequestServices.GetRequiredService<FlashNotes>().Link("~/author/import", ImportCourse.NoRoom));
    }

    /// <summary>A page of its own with status 400: the upload was a request the app will not carry out.</summary>
    private static IResult Refused(string reason) => TypedResults.Content($"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" /><base href="/" />
        <title>Zip refused</title><link rel="stylesheet" href="app.css" /></head>
        <body><main id="main" class="wrap">
        <h1>That zip was refused</h1>
        <p role="alert" class="error">{WebUtility.HtmlEncode(reason)}</p>
        <p><a href="author/import">Back to importing course files</a></p>
        </main></body>
        </html>
        """, "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);

    private static IResult Done(FlashNotes flash, string outcome, string? note = null) => TypedResults.LocalRedirect(flash.Link("~/author/import", outcome, note));
}
