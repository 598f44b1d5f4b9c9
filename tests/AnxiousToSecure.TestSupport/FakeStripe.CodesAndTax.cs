using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AnxiousToSecure.TestSupport;

/// <summary>
/// Coupons and promotion codes (made, listed with times_redeemed, ended), a Checkout Session's
/// <c>discounts</c>, <c>automatic_tax</c> and <c>invoice_creation</c>, and a session read with its invoice
/// and charge expanded (for the receipt link).
/// </summary>
public sealed partial class FakeStripe
{
    private readonly ConcurrentDictionary<string, JsonObject> coupons = new();
    private readonly ConcurrentDictionary<string, JsonObject> promotionCodes = new();

    public IReadOnlyCollection<JsonObject> Coupons => [.. coupons.Values];

    public IReadOnlyCollection<JsonObject> PromotionCodes => [.. promotionCodes.Values];

    /// <summary>Paid sessions don't have their invoice yet (Stripe finishes it a little after the checkout).</summary>
    public bool InvoicesLate { get; set; }

    public JsonObject? PromotionCodeByCode(string code) => promotionCodes.Values.SingleOrDefault(p => (string?)p["code"] == code);

    private void MapCodesAndTax()
    {
        app.Use(async (context, next) =>
        {
            // GET /v1/checkout/sessions/{id}?expand[0]=invoice&expand[1]=payment_intent.latest_charge
            var path = context.Request.Path.Value ?? "";
            if (!HttpMethods.IsGet(context.Request.Method) || !path.StartsWith("/v1/checkout/sessions/", StringComparison.Ordinal)
                || !context.Request.Query.Keys.Any(k => k.StartsWith("expand", StringComparison.Ordinal)))
            {
                await next(context);
                return;
            }
            var id = path["/v1/checkout/sessions/".Length..];
            requests.Enqueue((path, null));
            if (!sessions.TryGetValue(id, out var s))
            {
                await Results.Content(Error($"No such checkout.session: '{id}'", "resource_missing"), "application/json", statusCode: 404).ExecuteAsync(context);
                return;
            }
            await Results.Content(Expanded(s).ToJsonString(), "application/json").ExecuteAsync(context);
        });

        app.MapPost("/v1/coupons", (HttpRequest r) => Idempotent(r, form =>
        {
            var id = $"coupon_fake{Interlocked.Increment(ref counter):D6}";
            var coupon = new JsonObject
            {
                ["id"] = id,
                ["object"] = "coupon",
                ["name"] = form["name"].ToString(),
                ["percent_off"] = form.ContainsKey("percent_off") ? decimal.Parse(form["percent_off"]!, CultureInfo.InvariantCulture) : null,
                ["amount_off"] = form.ContainsKey("amount_off") ? long.Parse(form["amount_off"]!, CultureInfo.InvariantCulture) : null,
                ["currency"] = form.ContainsKey("currency") ? form["currency"].ToString() : null,
                ["duration"] = form["duration"].ToString(),
                ["valid"] = true,
                ["metadata"] = Metadata(form),
            };
            if (coupon["percent_off"] is null && coupon["amount_off"] is null) return Task.FromResult((Error("Missing percent_off or amount_off.", "parameter_missing"), 400));
            coupons[id] = coupon;
            return Task.FromResult((coupon.ToJsonString(), 200));
        }));

        app.MapPost("/v1/promotion_codes", (HttpRequest r) => Idempotent(r, form =>
        {
            var couponId = form["promotion[coupon]"].ToString();
            if (form["promotion[type]"] != "coupon" || !coupons.ContainsKey(couponId)) return Task.FromResult((Error($"No such coupon: '{couponId}'", "resource_missing"), 400));
            var code = form["code"].ToString();
            if (promotionCodes.Values.Any(p => (string?)p["code"] == code && (bool)p["active"]!)) return Task.FromResult((Error("An active promotion code with `code` already exists.", "resource_already_exists"), 400));
            var id = $"promo_fake{Interlocked.Increment(ref counter):D6}";
            var promo = new JsonObject
            {
                ["id"] = id,
                ["object"] = "promotion_code",
                ["code"] = code,
                ["active"] = true,
                ["promotion"] = new JsonObject { ["type"] = "coupon", ["coupon"] = couponId },
                ["expires_at"] = form.ContainsKey("expires_at") ? long.Parse(form["expires_at"]!, CultureInfo.InvariantCulture) : null,
                ["max_redemptions"] = form.ContainsKey("max_redemptions") ? long.Parse(form["max_redemptions"]!, CultureInfo.InvariantCulture) : null,
                ["times_redeemed"] = 0,
                ["metadata"] = Metadata(form),
            };
            promotionCodes[id] = promo;
            return Task.FromResult((promo.ToJsonString(), 200));
        }));

        app.MapPost("/v1/promotion_codes/{id}", async (string id, HttpRequest r) =>
        {
            requests.Enqueue((r.Path, r.Headers["Idempotency-Key"].ToString()));
            var form = await r.ReadFormAsync();
            if (!promotionCodes.TryGetValue(id, out var promo)) return Results.Content(Error($"No such promotion code: '{id}'", "resource_missing"), "application/json", statusCode: 404);
            if (form.ContainsKey("active")) promo["active"] = form["active"] == "true";
            return Results.Content(WithRedemptions(promo).ToJsonString(), "application/json");
        });

        app.MapGet("/v1/promotion_codes", (HttpRequest r) =>
        {
            requests.Enqueue((r.Path, null));
            var list = new JsonObject
            {
                ["object"] = "list",
                ["url"] = "/v1/promotion_codes",
                ["has_more"] = false,
                ["data"] = new JsonArray([.. promotionCodes.Values.Select(p => (JsonNode)WithRedemptions(p))]),
            };
            return Results.Content(list.ToJsonString(), "application/json");
        });
    }

    /// <summary>The discount, tax and invoice options of a new session, as Stripe keeps them on it; an error body when Stripe would refuse it.</summary>
    private string? ExtendSession(JsonObject session, IFormCollection form)
    {
        session["automatic_tax"] = new JsonObject { ["enabled"] = form["automatic_tax[enabled]"] == "true" };
        session["invoice_creation"] = new JsonObject { ["enabled"] = form["invoice_creation[enabled]"] == "true" };
        // Not a field of Stripe's session: what the line item's price said, kept so tests can read it.
        session["line_item_tax_behavior"] = form.ContainsKey("line_items[0][price_data][tax_behavior]") ? form["line_items[0][price_data][tax_behavior]"].ToString() : null;
        if (!form.ContainsKey("discounts[0][promotion_code]")) return null;

        if (form.ContainsKey("allow_promotion_codes")) return Error("You may only specify one of these parameters: allow_promotion_codes, discounts.", "parameter_invalid");
        var id = form["discounts[0][promotion_code]"].ToString();
        if (!promotionCodes.TryGetValue(id, out var promo)) return Error($"No such promotion code: '{id}'", "resource_missing");
        var redeemed = Redemptions(id);
        if (!(bool)promo["active"]! || (long?)promo["expires_at"] <= DateTimeOffset.UtcNow.ToUnixTimeSeconds() || (long?)promo["max_redemptions"] <= redeemed)
        {
            return Error("This promotion code cannot be redeemed.", "promotion_code_invalid");
        }
        var coupon = coupons[(string)promo["promotion"]!["coupon"]!];
        var subtotal = (long)session["amount_total"]!;
        var off = coupon["percent_off"] is { } percent ? (long)(subtotal * (decimal)percent / 100m) : Math.Min(subtotal, (long)coupon["amount_off"]!);
        session["amount_subtotal"] = subtotal;
        session["amount_total"] = subtotal - off;
        session["total_details"] = new JsonObject { ["amount_discount"] = off, ["amount_tax"] = 0, ["amount_shipping"] = 0 };
        session["discounts"] = new JsonArray(new JsonObject { ["coupon"] = null, ["promotion_code"] = id });
        return null;
    }

    /// <summary>Paid sessions that used the promotion code: Stripe's times_redeemed.</summary>
    private long Redemptions(string promotionCodeId) =>
        sessions.Values.Count(s => (string?)s["payment_status"] == "paid"
            && s["discounts"] is JsonArray d && d.Any(x => (string?)x?["promotion_code"] == promotionCodeId));

    private JsonObject WithRedemptions(JsonObject promo)
    {
        var copy = promo.DeepClone().AsObject();
        copy["times_redeemed"] = Redemptions((string)promo["id"]!);
        return copy;
    }

    private JsonObject Expanded(JsonObject session)
    {
        var copy = session.DeepClone().AsObject();
        if ((string?)session["payment_status"] != "paid" || (string?)session["payment_intent"] is not { } pi) return copy;
        var suffix = pi[^6..];
        copy["invoice"] = (bool?)session["invoice_creation"]?["enabled"] == true && !InvoicesLate
            ? new JsonObject
            {
                ["id"] = $"in_fake{suffix}",
                ["object"] = "invoice",
                ["status"] = "paid",
                ["hosted_invoice_url"] = $"https://invoice.stripe.test/i/in_fake{suffix}",
            }
            : null;
        copy["payment_intent"] = new JsonObject
        {
            ["id"] = pi,
            ["object"] = "payment_intent",
            ["status"] = "succeeded",
            ["latest_charge"] = new JsonObject
            {
                ["id"] = $"ch_fake{suffix}",
                ["object"] = "charge",
                ["receipt_url"] = $"https://pay.stripe.test/receipts/ch_fake{suffix}",
            },
        };
        return copy;
    }

    private static JsonObject Metadata(IFormCollection form) =>
        new(form.Keys.Where(k => k.StartsWith("metadata[", StringComparison.Ordinal))
            .Select(k => KeyValuePair.Create(k[9..^1], (JsonNode?)JsonValue.Create(form[k].ToString()))));
}
