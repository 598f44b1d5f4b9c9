using System.Security.Cryptography;
using System.Text;
using AnxiousToSecure.Core.Learn;
using Microsoft.AspNetCore.WebUtilities;

namespace AnxiousToSecure.Core.Checkout;

/// <summary>The rules of a gift, in one place, with no database or clock.</summary>
public static class GiftRules
{
    /// <summary>How far ahead a delivery date may be chosen.</summary>
    public const int MaxDaysAhead = 366;

    /// <summary>
    /// The recipient's zone is unknown, so the gift arrives on the chosen day at the course's morning
    /// hour in the course's default zone: the moment a lesson opens for a student who never chose her own.
    /// </summary>
    public static DateTimeOffset DeliveryAt(DateOnly day, string courseZone, int morningHour) =>
        UnlockSchedule.AtLocalTime(day, new TimeOnly(UnlockSchedule.HourFor(null, morningHour), 0), UnlockSchedule.ResolveZone(null, courseZone));

    /// <summary>Today in the course's zone: the earliest day a buyer can choose.</summary>
    public static DateOnly Today(DateTimeOffset now, string courseZone) => UnlockSchedule.LocalDate(now, UnlockSchedule.ResolveZone(null, courseZone));

    /// <summary>Null when the day can be chosen; otherwise what is wrong with it, for the form.</summary>
    public static string? DateProblem(DateOnly day, DateTimeOffset now, string courseZone)
    {
        var today = Today(now, courseZone);
        if (day < today) return "Choose today or a day in the future.";
        if (day > today.AddDays(MaxDaysAhead)) return "Choose a day within the next year.";
        return null;
    }

    /// <summary>A new redeem token: 32 random bytes, URL-safe. Only its hash is kept.</summary>
    public static string NewToken() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>An address as Identity normalizes it (its default normalizer upper-cases invariantly).</summary>
    public static string Normalize(string email) => email.Trim().ToUpperInvariant();

    /// <summary>The link works only for the named address.</summary>
    public static bool IsFor(Gift gift, string? email) => email is not null && Normalize(email) == gift.NormalizedRecipientEmail;

    /// <summary>The money is in: a refund, a dispute or an unfinished payment holds delivery and redemption.</summary>
    public static bool IsPaid(PaymentStatus status) => status is PaymentStatus.Paid or PaymentStatus.PartiallyRefunded;

    /// <summary>The buyer may move the day until the email has gone out.</summary>
    public static bool MayChangeDate(GiftStatus status) => status == GiftStatus.Scheduled;

    /// <summary>The buyer may send the email again (with a new link) until the gift is redeemed.</summary>
    public static bool MayResend(GiftStatus status) => status == GiftStatus.Sent;

    /// <summary>Not redeemed yet, and paid: it can still be refunded without taking anything from anyone.</summary>
    public static bool IsUnredeemed(GiftStatus status) => status is GiftStatus.Scheduled or GiftStatus.Sent;

    /// <summary>A message as kept: trimmed, empty as none, at most <see cref="Gift.MaxMessageLength"/> characters.</summary>
    public static string? CleanMessage(string? message)
    {
        var m = message?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        return string.IsNullOrEmpty(m) ? null : m.Length > Gift.MaxMessageLength ? m[..Gift.MaxMessageLength] : m;
    }
}
