using System.Globalization;
using System.Text.Json;
using AnxiousToSecure.Core.Stripe;

namespace AnxiousToSecure.Core.Checkout;

public sealed record CheckoutRequest(
    Guid PaymentId,
    string UserId,
    string? Email,
    int CourseId,
    string CourseTitle,
    long AmountMinor,
    string Currency,
    Uri SuccessUrl,
    Uri CancelUrl,
    bool AllowPromotionCodes);

/// <summary>The fields of a Checkout Session we act on, read the same way from the API and from webhooks.</summary>
public sealed record CheckoutSessionInfo(
    string Id,
    string? Url,
    string Status,
    string PaymentStatus,
    string? PaymentIntentId,
    long? AmountTotal,
    string? Currency,
    string? UserId,
    int? CourseId,
    DateTimeOffset? ExpiresAt)
{
    public bool IsPaid => PaymentStatus is "paid" or "no_payment_required";

    /// <summary>
    /// Reads a checkout.session object field by field, so a payload from another API version (new or
    /// missing fields elsewhere) still yields what fulfilment needs.
    /// </summary>
    public static CheckoutSessionInfo FromJson(JsonElement session)
    {
        var metadata = session.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        var userId = Str(session, "client_reference_id") ?? (metadata.ValueKind == JsonValueKind.Object ? Str(metadata, "user_id") : null);
        var course = metadata.ValueKind == JsonValueKind.Object ? Str(metadata, "course_id") : null;
        return new CheckoutSessionInfo(
            Str(session, "id") ?? throw new JsonException("checkout.session without an id"),
            Str(session, "url"),
            Str(session, "status") ?? "open",
            Str(session, "payment_status") ?? "unpaid",
            IdOf(session, "payment_intent"),
            Long(session, "amount_total"),
            Str(session, "currency"),
            userId,
            int.TryParse(course, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : null,
            Long(session, "expires_at") is { } exp ? DateTimeOffset.FromUnixTimeSeconds(exp) : null);
    }

    internal static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static long? Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    /// <summary>An expandable field: either "pi_..." or an object with an id.</summary>
    internal static string? IdOf(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var v) ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : v.ValueKind == JsonValueKind.Object ? Str(v, "id")
        : null;
}

public sealed record RefundInfo(string Id, string Status, long Amount, string? FailureReason);

/// <summary>The edge of the world for money: Stripe, or the Development-only local test checkout.</summary>
public interface IPaymentGateway
{
    bool IsLocalTest { get; }

    Task<CheckoutSessionInfo> CreateCheckoutAsync(CheckoutRequest request, CancellationToken ct = default);

    Task<CheckoutSessionInfo> GetCheckoutAsync(string sessionId, CancellationToken ct = default);

    /// <summary>Refunds through Stripe with <paramref name="idempotencyKey"/>: the same key never refunds twice.</summary>
    Task<RefundInfo> RefundAsync(string idempotencyKey, Guid refundId, string paymentIntentId, long amountMinor, CancellationToken ct = default);
}
