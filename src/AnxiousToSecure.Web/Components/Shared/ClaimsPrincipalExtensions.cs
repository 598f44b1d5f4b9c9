using System.Security.Claims;

namespace AnxiousToSecure.Web.Components.Shared;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The Identity user id of a signed-in user, or null for a visitor.</summary>
    public static string? UserId(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;
}
