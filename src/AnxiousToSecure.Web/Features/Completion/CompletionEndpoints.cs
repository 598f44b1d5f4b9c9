using AnxiousToSecure.Core.Completion;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Web.Components.Shared;
using AnxiousToSecure.Web.Features.Author;
using AnxiousToSecure.Web.Hosting;

namespace AnxiousToSecure.Web.Features.Completion;

/// <summary>Her note to the author, and staff approving or withdrawing it: plain antiforgery-checked form posts, redirected back.</summary>
public static class CompletionEndpoints
{
    public static IEndpointRouteBuilder MapCompletionEndpoints(this IEndpointRouteBuilder app)
    {
        // Two segments, so LearnEndpoints' "/learn/{slug}" (mark complete) never takes it.
        app.MapGroup("/learn/complete").RequireAuthorization().RequireFormAntiforgery().MapPost("/note", SaveNoteAsync);

        var staff = app.MapGroup("/author/notes").RequireAuthorization(p => p.RequireRole(Roles.Instructor, Roles.Admin)).RequireFormAntiforgery();
        staff.MapPost("/{id:guid}/approve", (Guid id, HttpContext http, CompletionService notes) => ReviewAsync(notes.ApproveAsync(id, AuthorEndpoints.Actor(http), http.RequestAborted), NotesPage.Approved));
        staff.MapPost("/{id:guid}/withdraw", (Guid id, HttpContext http, CompletionService notes) => ReviewAsync(notes.WithdrawAsync(id, AuthorEndpoints.Actor(http), http.RequestAborted), NotesPage.Withdrawn));
        return app;
    }

    private static async Task<IResult> SaveNoteAsync(HttpContext http, CompletionService completion, FlashNotes flash)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var consent = Enum.TryParse<NoteConsent>(form["consent"], out var chosen) ? chosen : NoteConsent.Private;
        var result = await completion.SaveNoteAsync(http.User.UserId()!, form["text"], consent, http.RequestAborted);
        return result switch
        {
            NoteSaveResult.NotComplete => TypedResults.Text("A note can be written once you have completed the course.", statusCode: StatusCodes.Status400BadRequest),
            NoteSaveResult.TooLong => TypedResults.Text($"Your note is longer than {CompletionNote.MaxLength:N0} characters.", statusCode: StatusCodes.Status400BadRequest),
            NoteSaveResult.Removed => TypedResults.LocalRedirect(flash.Link("~/learn/complete", CompletionPage.NoteRemoved) + "#note"),
            _ => TypedResults.LocalRedirect(flash.Link("~/learn/complete", CompletionPage.NoteSaved) + "#note"),
        };
    }

    private static async Task<IResult> ReviewAsync(Task<NoteReviewResult> review, string done) => await review switch
    {
        NoteReviewResult.NotFound => TypedResults.NotFound(),
        NoteReviewResult.NotPublishable => TypedResults.Text("A private note is not published.", statusCode: StatusCodes.Status400BadRequest),
        _ => TypedResults.LocalRedirect($"~/author/notes?done={done}"),
    };
}
