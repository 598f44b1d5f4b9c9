using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AnxiousToSecure.TestSupport;

/// <summary>Payment plans at the fake Stripe: subscriptions ended through the API, customer portal sessions, and the invoices tests send as events.</summary>
public sealed partial class FakeStripe
{
    private readonly ConcurrentDictionary<string, JsonObject> subscriptions = new();
    private readonly ConcurrentQueue<string> canceled = new();
    private readonly ConcurrentQueue<string> portalCustomers = new();

    /// <summary>Subscription ids the app asked Stripe to cancel, in order (a repeated idempotency key is answered, not counted again).</summary>
    public IReadOnlyList<string> CanceledSubscriptions => [.. canceled];

    /// <summary>The customers a portal session was made for.</summary>
    public IReadOnlyList<string> PortalCustomers => [.. portalCustomers];

    private void MapPlans()
    {
        app.MapDelete("/v1/subscriptions/{id}", (string id, HttpRequest r) =>
        {
            var key = r.Headers["Idempotency-Key"].ToString();
            requests.Enqueue((r.Path, key));
            if (key.Length > 0 && idempotent.TryGetValue(key, out var earlier)) return Results.Content(earlier.Body, "application/json", statusCode: earlier.Status);
            if (!subscriptions.TryGetValue(id, out var sub))
            {
                return Results.Content(Error($"No such subscription: '{id}'", "resource_missing"), "application/json", statusCode: 404);
            }
            sub["status"] = "canceled";
            canceled.Enqueue(id);
            var body = sub.ToJsonString();
            if (key.Length > 0) idempotent.TryAdd(key, (body, 200));
            return Results.Content(body, "application/json");
        });

        app.MapPost("/v1/billing_portal/sessions", async (HttpRequest r) =>
        {
            requests.Enqueue((r.Path, r.Headers["Idempotency-Key"].ToString()));
            var form = await r.ReadFormAsync();
            var customer = form["customer"].ToString();
            portalCustomers.Enqueue(customer);
            var id = $"bps_fake{Interlocked.Increment(ref counter):D6}";
            return Results.Content(new JsonObject
            {
                ["id"] = id,
                ["object"] = "billing_portal.session",
                ["customer"] = customer,
                ["return_url"] = form["return_url"].ToString(),
                ["url"] = $"https://billing.stripe.test/p/session/{id}",
            }.ToJsonString(), "application/json");
        });
    }

    /// <summary>She pays the first month on Stripe's page: the subscription-mode session completes with its subscription and customer.</summary>
    public JsonObject PaySubscription(string sessionId)
    {
        var s = sessions[sessionId];
        var n = sessionId[^6..];
        s["status"] = "complete";
        s["payment_status"] = "paid";
        s["subscription"] = $"sub_fake{n}";
        s["customer"] = $"cus_fake{n}";
        subscriptions[$"sub_fake{n}"] = new JsonObject
        {
            ["id"] = $"sub_fake{n}",
            ["object"] = "subscription",
            ["customer"] = $"cus_fake{n}",
            ["status"] = "active",
            ["metadata"] = s["metadata"]!.DeepClone(),
        };
        return s;
    }

    /// <summary>The subscription of a paid plan session, as Stripe would send it in customer.subscription.* events.</summary>
    public JsonObject Subscription(string sessionId, string status)
    {
        var sub = subscriptions[$"sub_fake{sessionId[^6..]}"].DeepClone().AsObject();
        sub["status"] = status;
        return sub;
    }

    /// <summary>
    /// The <paramref name="number"/>th monthly invoice of a plan session, in the shape of the API version the app
    /// calls (subscription and its metadata under <c>parent.subscription_details</c>, the payment intent under <c>payments</c>).
    /// </summary>
    public JsonObject PlanInvoice(string sessionId, int number, bool paid, int attempt = 1, bool willRetry = true)
    {
        var s = sessions[sessionId];
        var n = sessionId[^6..];
        var amount = s["amount_total"]!.GetValue<long>();
        return new JsonObject
        {
            ["id"] = $"in_fake{n}_{number}",
            ["object"] = "invoice",
            ["customer"] = $"cus_fake{n}",
            ["currency"] = s["currency"]!.GetValue<string>(),
            ["amount_due"] = amount,
            ["amount_paid"] = paid ? amount : 0,
            ["attempt_count"] = attempt,
            ["status"] = paid ? "paid" : "open",
            ["billing_reason"] = number == 1 ? "subscription_create" : "subscription_cycle",
            ["next_payment_attempt"] = paid || !willRetry ? null : DateTimeOffset.UtcNow.AddDays(3).ToUnixTimeSeconds(),
            ["parent"] = new JsonObject
            {
                ["type"] = "subscription_details",
                ["subscription_details"] = new JsonObject { ["subscription"] = $"sub_fake{n}", ["metadata"] = s["metadata"]!.DeepClone() },
            },
            ["payments"] = new JsonObject
            {
                ["object"] = "list",
                ["data"] = paid
                    ? new JsonArray(new JsonObject { ["payment"] = new JsonObject { ["type"] = "payment_intent", ["payment_intent"] = $"pi_fake{n}_{number}" } })
                    : new JsonArray(),
            },
        };
    }
}
