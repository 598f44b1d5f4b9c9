using System.Globalization;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Web.Components.Shared;
using AnxiousToSecure.Web.Hosting;

namespace AnxiousToSecure.Web.Features.Checkout;

/// <summary>
/// The buyer's gift actions on her purchases page (change the day, send again) as plain antiforgery-checked
/// form posts answered here, like "Request a refund": an old tab or a second tap still gets a sentence.
/// </summary>
public static class GiftEndpoints
{
    public const string DatePath = "/purchases/gift/date";
    public const string ResendPath = "/purchases/gift/resend";

    /// <summary>The purchases page's outcome keys (<c>?done=</c>).</summary>
    public const string DateChanged = "gift-date-changed";
    public const string Resent = "gift-resent";
    public const string BadDate = "gift-bad-date";
    public const string NotOpen = "gift-closed";

    public static IEndpointRouteBuilder MapGiftEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").RequireAuthorization().RequireFormAntiforgery();
        group.MapPost(DatePath, ChangeDateAsync);
        group.MapPost(ResendPath, ResendAsync);
        return app;
    }

    private static async Task<IResult> ChangeDateAsync(HttpContext http, GiftCheckout gifts, FlashNotes notes)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var outcome = Guid.TryParse(form["GiftId"], out var giftId)
                      && DateOnly.TryParseExact(form["DeliverOn"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? await gifts.ChangeDateAsync(http.User.UserId()!, giftId, day, http.User.AsAuditActor("buyer"), http.RequestAborted)
            : GiftChange.BadDate;
        return Answer(notes, outcome, DateChanged);
    }

    private static async Task<IResult> ResendAsync(HttpContext http, GiftCheckout gifts, FlashNotes notes)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var outcome = Guid.TryParse(form["GiftId"], out var giftId)
            ? await gifts.ResendAsync(http.User.UserId()!, giftId, http.User.AsAuditActor("buyer"), http.RequestAborted)
            : GiftChange.NotOpen;
        return Answer(notes, outcome, Resent);
    }

    // Post/redirect/get: a reload never repeats the action.
    private static IResult Answer(FlashNotes notes, GiftChange outcome, string done) =>
        TypedResults.LocalRedirect(notes.Link("~/purchases", outcome switch
        {
            GiftChange.Done => done,
            GiftChange.BadDate => BadDate,
            _ => NotOpen,
        }));
}
