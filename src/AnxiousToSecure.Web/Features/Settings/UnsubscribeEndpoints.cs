using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.Web.Features.Admin;
using AnxiousToSecure.Web.Features.Author;
using AnxiousToSecure.Web.Features.Checkout;
using AnxiousToSecure.Web.Features.Journal;
using AnxiousToSecure.Web.Hosting;

namespace AnxiousToSecure.Web.Features.Settings;

public static class EmailEndpoints
{
    public static IEndpointRouteBuilder MapEmailEndpoints(this IEndpointRouteBuilder app)
    {
        // RFC 8058: the mail client posts "List-Unsubscribe=One-Click" here with no cookies, so no
        // sign-in and no antiforgery token; the signed single-use token is the proof.
        app.MapPost(LessonEmailComposer.OneClickPath, OneClickUnsubscribeAsync).DisableAntiforgery().AllowAnonymous();
        return app;
    }

    private static async Task<IResult> OneClickUnsubscribeAsync(string? token, HttpRequest request, ReminderSettingsService reminders, CancellationToken ct)
    {
        var outcome = await reminders.UnsubscribeAsync(token, ct);
        if (request.HasFormContentType && (await request.ReadFormAsync(ct))["from"] == "page")
        {
            return TypedResults.Redirect($"{LessonEmailComposer.UnsubscribePagePath}?result={outcome}");
        }
        return outcome switch
        {
            UnsubscribeOutcome.Unsubscribed => TypedResults.Text("Unsubscribed from lesson emails.\n"),
            UnsubscribeOutcome.AlreadyUsed => TypedResults.Text("This unsubscribe link has already been used.\n", statusCode: StatusCodes.Status410Gone),
            _ => TypedResults.Text("This unsubscribe link is not valid.\n", statusCode: StatusCodes.Status400BadRequest),
        };
    }
}
