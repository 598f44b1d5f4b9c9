using System.Globalization;
using System.Security.Claims;
using AnxiousToSecure.Core.Data;

namespace AnxiousToSecure.Core.Accounts;

/// <summary>
/// How long a sign-in lasts and what it proves. A session carries, in its cookie's properties, when it
/// began and when she last gave a password or second factor; its id names a row that sign-out deletes.
/// </summary>
public static class SessionRules
{
    /// <summary>However active she is, a student signs in again after this.</summary>
    public static readonly TimeSpan StudentLifetime = TimeSpan.FromDays(30);

    /// <summary>Staff sessions are a working day long.</summary>
    public static readonly TimeSpan StaffLifetime = TimeSpan.FromHours(12);

    /// <summary>Changing a credential needs a password or second factor given this recently.</summary>
    public static readonly TimeSpan ReauthenticationWindow = TimeSpan.FromMinutes(10);

    /// <summary>Cookie property: the session's id (also a claim, so the stamp check sees it).</summary>
    public const string SessionIdKey = "ats.sid";

    /// <summary>Cookie property: when the session began (round-trip UTC).</summary>
    public const string SignedInAtKey = "ats.signed_in";

    /// <summary>Cookie property: when she last proved who she is (sign-in or re-authentication).</summary>
    public const string VerifiedAtKey = "ats.verified";

    /// <summary>The claim Identity adds (value <see cref="MultiFactor"/>) when a second factor was given at sign-in.</summary>
    public const string AuthenticationMethodClaim = "amr";

    public const string MultiFactor = "mfa";

    public static bool IsStaff(ClaimsPrincipal user) => Roles.Staff.Any(user.IsInRole);

    /// <summary>Whether this sign-in included a second factor (authenticator, recovery code or passkey).</summary>
    public static bool HasSecondFactor(ClaimsPrincipal user) => user.HasClaim(AuthenticationMethodClaim, MultiFactor);

    public static TimeSpan Lifetime(bool staff) => staff ? StaffLifetime : StudentLifetime;

    /// <summary>A session without a start time (issued before these rules) counts as expired.</summary>
    public static bool IsExpired(DateTimeOffset? signedInAt, bool staff, DateTimeOffset now) =>
        signedInAt is not { } start || now - start >= Lifetime(staff);

    public static bool IsRecentlyVerified(DateTimeOffset? verifiedAt, DateTimeOffset now) =>
        verifiedAt is { } at && now - at < ReauthenticationWindow && at <= now + TimeSpan.FromMinutes(1);

    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset? Parse(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;
}
