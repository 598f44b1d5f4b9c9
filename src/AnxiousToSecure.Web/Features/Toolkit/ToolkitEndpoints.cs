using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Toolkit;
using AnxiousToSecure.Web.Components.Shared;
using AnxiousToSecure.Web.Hosting;

namespace AnxiousToSecure.Web.Features.Toolkit;

/// <summary>
/// "Save to my toolkit" and "Remove" as plain antiforgery-checked form posts: one access check, one
/// write, no rendering, and a redirect back to where she pressed it. Works without JavaScript.
/// </summary>
public static class ToolkitEndpoints
{
    public const string Path = "/toolkit";

    public static IEndpointRouteBuilder MapToolkitEndpoints(this IEndpointRouteBuilder app)
    {
        var writes = app.MapGroup(Path).RequireAuthorization().RequireFormAntiforgery();
        writes.MapPost("/{slug}", SaveAsync);
        writes.MapPost("/{slug}/remove", RemoveAsync);
        return app;
    }

    private static async Task<IResult> SaveAsync(string slug, HttpContext http, ToolkitService toolkit)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var result = await toolkit.SaveAsync(http.User.UserId()!, slug, http.RequestAborted);
        return result == ToolkitSaveResult.NoAccess
            ? TypedResults.Text("This lesson is not open to you, so its practice cannot be saved.", statusCode: StatusCodes.Status400BadRequest)
            : TypedResults.LocalRedirect("~/" + ReturnUrls.RelativeOr(form["returnUrl"], $"learn/{Uri.EscapeDataString(slug)}#toolkit"));
    }

    private static async Task<IResult> RemoveAsync(string slug, HttpContext http, ToolkitService toolkit)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        await toolkit.RemoveAsync(http.User.UserId()!, slug, http.RequestAborted);
        return TypedResults.LocalRedirect("~/" + ReturnUrls.RelativeOr(form["returnUrl"], "toolkit"));
    }
}
