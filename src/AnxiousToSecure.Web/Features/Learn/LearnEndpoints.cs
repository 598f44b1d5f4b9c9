using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Web.Components.Shared;
using AnxiousToSecure.Web.Hosting;
using Microsoft.AspNetCore.Routing.Patterns;

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
        // Open to anyone at the route, like the page itself: the lesson's own access check refuses
        // whoever may not change it (signed out, not enrolled, locked) with 400, after the antiforgery check.
        var writes = app.MapGroup("/learn").AllowAnonymous().RequireFormAntiforgery();
        // The page (GET and POST on the same route) comes after this endpoint; the pages of their own keep their addresses.
        writes.Map(RoutePatternFactory.Parse("/{slug}", defaults: null, parameterPolicies: new { slug = new NotAPage() }), CompleteAsync)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Post]))
            .WithOrder(-1);
        return app;
    }

    /// <summary>The outline, references, completion and certificate pages are not lessons.</summary>
    private sealed class NotAPage : IRouteConstraint
    {
        public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
            values.TryGetValue(routeKey, out var value) && value is string slug && !LessonSlugs.IsReserved(slug);
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
