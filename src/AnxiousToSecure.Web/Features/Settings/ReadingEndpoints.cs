using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.Web.Hosting;

namespace AnxiousToSecure.Web.Features.Settings;

/// <summary>
/// Theme and text size: a plain form post that sets a cookie and goes back, so the choice works with
/// no circuit and no script, and every later page is painted right from its first byte.
/// </summary>
public static class ReadingEndpoints
{
    /// <summary>The settings page; the form posts to <see cref="SavePath"/> (the page itself would also answer a post to its own address).</summary>
    public const string Path = "/settings/reading";

    public const string SavePath = Path + "/save";

    public static IEndpointRouteBuilder MapReadingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup(SavePath).RequireFormAntiforgery().AllowAnonymous().MapPost("", SaveAsync);
        return app;
    }

    /// <summary>Her choice as this request carries it.</summary>
    public static ReadingComfort Read(HttpContext http, CookieNames names) =>
        ReadingComfort.FromCookie(http.Request.Cookies[names.Name(ReadingComfort.CookieName)]);

    private static async Task<IResult> SaveAsync(HttpContext http, CookieNames names)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var choice = Read(http, names).With(form["theme"], form["size"]);
        http.Response.Cookies.Append(names.Name(ReadingComfort.CookieName), choice.ToCookie(), new CookieOptions
        {
            Path = "/",
            HttpOnly = true, // only the server reads it
            SameSite = SameSiteMode.Lax,
            Secure = names.HostPrefixed || http.Request.IsHttps,
            MaxAge = TimeSpan.FromDays(400), // the longest a browser keeps a cookie
            IsEssential = true, // it holds no identity, only how she asked pages to look
        });
        return TypedResults.LocalRedirect("~/" + ReturnUrls.RelativeOr(form["returnUrl"], Path.TrimStart('/') + "?saved=1"));
    }
}
