using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Journal;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.Web.Components.Shared;
using AnxiousToSecure.Web.Features.Admin;
using AnxiousToSecure.Web.Features.Author;
using AnxiousToSecure.Web.Features.Checkout;
using AnxiousToSecure.Web.Features.Settings;
using AnxiousToSecure.Web.Hosting;

namespace AnxiousToSecure.Web.Features.Journal;

/// <summary>
/// Journal writes as plain form posts (antiforgery-checked), so the reflection box works without
/// JavaScript; with it, journal.js posts the same form as she types and asks for JSON back.
/// </summary>
public static class JournalEndpoints
{
    public static IEndpointRouteBuilder MapJournalEndpoints(this IEndpointRouteBuilder app)
    {
        var journal = app.MapGroup("/journal").RequireAuthorization();
        var writes = journal.MapGroup("").RequireFormAntiforgery();
        writes.MapPost("/entries/{slug}", SaveAsync);
        writes.MapPost("/entries/{id:guid}/delete", DeleteAsync);
        writes.MapPost("/delete-all", DeleteAllAsync);
        journal.MapGet("/export", ExportAsync);
        return app;
    }

    private static async Task<IResult> SaveAsync(string slug, HttpContext http, JournalService journal, TimeZones zones, TimeProvider time)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        string? text = form["text"], returnUrl = form["returnUrl"];
        var result = await journal.SaveAsync(http.User.UserId()!, slug, text, http.RequestAborted);
        if (WantsJson(http.Request))
        {
            return result switch
            {
                JournalSaveResult.NoAccess => TypedResults.Json(new { saved = false, message = "This lesson is not open to you, so a new entry cannot be started here." }, statusCode: 403),
                JournalSaveResult.TooLong => TypedResults.Json(new { saved = false, message = $"That is longer than {JournalService.MaxLength:N0} characters; please shorten it." }, statusCode: 400),
                // The words come from the server, in her zone and style, so they match the journal page and the lesson page.
                _ => Saved(time.GetUtcNow(), await zones.ForAsync(http.User.UserId(), http.RequestAborted)),
            };
        }
        return result is JournalSaveResult.NoAccess or JournalSaveResult.TooLong
            ? TypedResults.Text(result == JournalSaveResult.TooLong ? "Your reflection is too long to save." : "This lesson is not open to you.", statusCode: 400)
            : TypedResults.LocalRedirect("~/" + ReturnUrls.RelativeOr(returnUrl, $"learn/{slug}#reflection"));
    }

    private static IResult Saved(DateTimeOffset at, TimeZoneInfo zone) =>
        TypedResults.Json(new { saved = true, savedAt = at.ToUnixTimeMilliseconds(), message = JournalService.SavedMessage(at, zone) });

    private static async Task<IResult> DeleteAsync(Guid id, HttpContext http, JournalService journal)
    {
        var deleted = await journal.DeleteAsync(http.User.UserId()!, id, http.RequestAborted);
        return deleted ? TypedResults.LocalRedirect("~/journal?deleted=1") : TypedResults.NotFound();
    }

    private static async Task<IResult> DeleteAllAsync(HttpContext http, JournalService journal)
    {
        var confirm = (await http.Request.ReadFormAsync(http.RequestAborted))["confirm"].ToString().Trim();
        if (!string.Equals(confirm, "delete", StringComparison.OrdinalIgnoreCase)) return TypedResults.LocalRedirect("~/journal?confirm=1");
        await journal.DeleteAllAsync(http.User.UserId()!, http.RequestAborted);
        return TypedResults.LocalRedirect("~/journal?deleted=all");
    }

    private static async Task<IResult> ExportAsync(HttpContext http, JournalService journal, StudentCourseService courses, TimeZones zones, TimeProvider time)
    {
        var title = (await courses.GetCourseAsync(http.RequestAborted))?.Title ?? "Course";
        var markdown = await journal.ExportMarkdownAsync(http.User.UserId()!, title, await zones.ForAsync(http.User.UserId(), http.RequestAborted), http.RequestAborted);
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(markdown), "text/markdown; charset=utf-8", $"my-journal-{time.GetUtcNow():yyyy-MM-dd}.md");
    }

    private static bool WantsJson(HttpRequest request) => request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.Ordinal) == true);
}
