using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Web.Components.Shared;
using AnxiousToSecure.Web.Hosting;

namespace AnxiousToSecure.Web.Features.Checkout;

/// <summary>
/// "Request a refund" as a plain antiforgery-checked form post, answered here rather than by the page:
/// the page's own form handler exists only while the button is shown, and a second tap, an old tab or
/// a closed window must still get a sentence (already open, or no longer possible), not an error.
/// </summary>
public static class RefundRequestEndpoints
{
    public const string Path = "/purchases/refund-request";

    /// <summary>The purchases page's outcome keys (<c>?done=</c>).</summary>
    public const string Sent = "refund-requested";
    public const string AlreadyOpen = "refund-already";
    public const string NotOpen = "refund-closed";

    public static IEndpointRouteBuilder MapRefundRequestEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("").RequireAuthorization().RequireFormAntiforgery().MapPost(Path, AskAsync);
        return app;
    }

    private static async Task<IResult> AskAsync(HttpContext http, RefundRequests requests, FlashNotes notes)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var outcome = Guid.TryParse(form["PaymentId"], out var paymentId)
            ? await requests.AskAsync(http.User.UserId()!, paymentId, http.User.AsAuditActor("student"), http.RequestAborted)
            : RefundRequestOutcome.NotOpen;
        // Post/redirect/get: a reload never asks again.
        return TypedResults.LocalRedirect(notes.Link("~/purchases", outcome switch
        {
            RefundRequestOutcome.Sent => Sent,
            RefundRequestOutcome.AlreadyOpen => AlreadyOpen,
            _ => NotOpen,
        }));
    }
}
