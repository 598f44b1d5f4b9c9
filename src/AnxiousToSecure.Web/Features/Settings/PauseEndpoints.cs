using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.Web.Components.Shared;
using AnxiousToSecure.Web.Hosting;

namespace AnxiousToSecure.Web.Features.Settings;

/// <summary>
/// The pause of the reminders page (<see cref="ReminderSettingsService.PauseAsync"/>) as a one-tap form
/// that can sit on any of her pages (the lesson she found too much): it pauses and goes back where she was.
/// </summary>
public static class PauseEndpoints
{
    public const string Path = "/settings/reminders/pause";

    public static IEndpointRouteBuilder MapPauseEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup(Path).RequireAuthorization().RequireFormAntiforgery().MapPost("", PauseAsync);
        return app;
    }

    private static async Task<IResult> PauseAsync(HttpContext http, ReminderSettingsService settings)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        await settings.PauseAsync(http.User.UserId()!, http.RequestAborted);
        return TypedResults.LocalRedirect("~/" + ReturnUrls.RelativeOr(form["returnUrl"], "settings/reminders"));
    }
}
