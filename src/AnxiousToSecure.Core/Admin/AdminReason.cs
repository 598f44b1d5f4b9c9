namespace AnxiousToSecure.Core.Admin;

/// <summary>
/// The reason every admin action (grant, revoke, restore, pause, unlock, role change, email retry,
/// refund) must give. It goes into the audit log with the action, so it is required, trimmed, and
/// checked here against the audit column's length instead of failing in the database.
/// </summary>
public static class AdminReason
{
    public const int MaxLength = 500;

    public const string MissingMessage = "Give a reason: it is kept in the audit log.";

    public static readonly string TooLongMessage = $"Keep the reason to {MaxLength} characters or fewer.";

    /// <summary>Null if <paramref name="reason"/> will do, else the sentence that tells the admin what to change.</summary>
    public static string? Problem(string? reason)
    {
        var trimmed = reason?.Trim() ?? "";
        return trimmed.Length == 0 ? MissingMessage : trimmed.Length > MaxLength ? TooLongMessage : null;
    }

    /// <summary>The trimmed reason, or <see cref="AdminActionRefusedException"/> with the message of <see cref="Problem"/>.</summary>
    public static string Require(string? reason) =>
        Problem(reason) is { } problem ? throw new AdminActionRefusedException(problem) : reason!.Trim();
}
