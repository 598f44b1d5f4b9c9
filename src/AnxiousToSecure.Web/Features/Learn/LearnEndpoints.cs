using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Web.Components.Shared;
using AnxiousToSecure.Web.Hosting;

namespace AnxiousToSecure.Web.Features.Learn;

/// <summary>
/// "Mark complete" as a plain antiforgery-checked form post to the lesson's own address, answered
/// here before the page would answer it: one access check, one write, no rendering, and a redirect
/// back to the form so she keeps her place. Works without JavaScript.
/// </summary>
public static class LearnEndpoints
{
    public static IEndpointRouteBuilder MapLearnEndpoints(this IEndpointRouteBuilder app)
    {
        var writes = app.MapGroup("/learn").RequireAuthorization().RequireFormAntiforgery();
        // The page (GET and POST on the same route) comes after this endpoint.
        writes.MapPost("/{slug}", CompleteAsync).WithOrder(-1);
        return app;
    }

    private static async Task<IResult> CompleteAsync(string slug, HttpContext http, StudentCourseService courses)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        // The form says which way: "true" completes, "false" un-completes; a missing value completes, as before.
        var complete = !bool.TryParse(form["Complete"], out var value) || value;
        var access = await courses.GetLessonAsync(http.User.UserId(), slug, http.RequestAborted);
        if (!access.Granted) return TypedResults.Text("This lesson is not open to you.", statusCode: StatusCodes.Status400BadRequest);
        await courses.SetCompletedAsync(access, complete, http.RequestAborted);
        // Post/redirect/get: a reload never re-submits.
        return TypedResults.LocalRedirect($"~/learn/{Uri.EscapeDataString(slug)}#progress");
    }
}
