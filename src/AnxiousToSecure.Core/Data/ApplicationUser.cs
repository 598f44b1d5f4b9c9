using Microsoft.AspNetCore.Identity;

namespace AnxiousToSecure.Core.Data;

public sealed class ApplicationUser : IdentityUser
{
    public string? DisplayName { get; set; }

    /// <summary>IANA time zone id; null means "use the course default".</summary>
    public string? TimeZone { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
