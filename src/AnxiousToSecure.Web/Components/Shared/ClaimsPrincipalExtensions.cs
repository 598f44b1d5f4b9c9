using System.Security.Claims;
using AnxiousToSecure.Core.Audit;

namespace AnxiousToSecure.Web.Components.Shared;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The Identity user id of a signed-in user, or null for a visitor.</summary>
    public static string? UserId(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    /// <summary>The signed-in user as the audit log names them: their id and email, or <paramref name="fallback"/> without a name.</summary>
    public static AuditActor AsAuditActor(this ClaimsPrincipal user, string fallback) => new(user.UserId(), user.Identity?.Name ?? fallback);
}
