using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Feedback;
using AnxiousToSecure.Web.Components.Shared;
using AnxiousToSecure.Web.Hosting;

namespace AnxiousToSecure.Web.Features.Feedback;

/// <summary>
/// "How did this lesson land?": her one tap (the button she pressed names the answer, the note rides
/// along) as a plain antiforgery-checked post, redirected back to the answer on the lesson page.
/// </summary>
public static class FeedbackEndpoints
{
    public static IEndpointRouteBuilder MapFeedbackEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/feedback").RequireAuthorization().RequireFormAntiforgery().MapPost("/{slug}", SaveAsync);
        return app;
    }

    private static async Task<IResult> SaveAsync(string slug, HttpContext http, FeedbackService feedback)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var result = await feedback.SaveAsync(http.User.UserId()!, slug, form["answer"], form["note"], http.RequestAborted);
        return result switch
        {
            FeedbackSaveResult.NoAccess => TypedResults.Text("This lesson is not open to you.", statusCode: StatusCodes.Status400BadRequest),
            FeedbackSaveResult.NoAnswer => TypedResults.Text("Choose one of the three answers.", statusCode: StatusCodes.Status400BadRequest),
            FeedbackSaveResult.TooLong => TypedResults.Text($"Your note is longer than {LessonFeedback.NoteMaxLength} characters.", statusCode: StatusCodes.Status400BadRequest),
            _ => TypedResults.LocalRedirect($"~/learn/{Uri.EscapeDataString(slug)}#feedback"),
        };
    }
}
