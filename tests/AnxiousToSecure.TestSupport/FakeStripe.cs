using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stripe;

namespace AnxiousToSecure.TestSupport;

/// <summary>
/// A local stand-in for the Stripe API, on a real port, that the real Stripe.net client talks to:
/// Checkout Sessions and Refunds, with Stripe's idempotency-key behaviour (same key, same answer,
/// nothing done twice). Tests also use it to sign webhook events built from Stripe's own example objects.
/// </summary>
public sealed partial class FakeStripe : IAsyncDisposable
{
    public const string SecretKey = "sk_test_fake";
    public const string WebhookSecret = "whsec_test_fake_secret";
    /// <summary>Stripe's own example objects (MIT, see SOURCE.md there), kept with the tests so a clone is self-contained.</summary>
    private static readonly string FixtureFolder = Path.Combine(TestPaths.RepositoryRoot, "tests", "AnxiousToSecure.TestSupport", "Fixtures", "stripe");

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, JsonObject> sessions = new();
    private readonly ConcurrentDictionary<string, (string Body, int Status)> idempotent = new();
    private readonly ConcurrentBag<JsonObject> refunds = [];
    private readonly ConcurrentQueue<(string Path, string? IdempotencyKey)> requests = new();
    private int counter;

    private FakeStripe(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The next refund is done at once but answered this late, to make the client time out without knowing.</summary>
    public TimeSpan NextRefundDelay { get; set; }

    /// <summary>
    /// Stripe cannot be reached: every request is noted (path and idempotency key) and its connection is
    /// dropped unanswered, as when the network or Stripe is down. Nothing is done.
    /// </summary>
    public bool Unreachable { get; set; }

    /// <summary>The next refund is done and remembered, then its connection is dropped before the answer: the client learns nothing.</summary>
    public bool LoseNextRefundAnswer { get; set; }

    /// <summary>The next refund request is refused with this Stripe error message (HTTP 400).</summary>
    public string? NextRefundError { get; set; }

    public IReadOnlyCollection<JsonObject> Refunds => refunds;

    public IReadOnlyList<(string Path, string? IdempotencyKey)> Requests => [.. requests];

    public IReadOnlyCollection<JsonObject> Sessions => [.. sessions.Values];

    public static async Task<FakeStripe> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var fake = new FakeStripe(builder.Build());
        fake.Map();
        await fake.app.StartAsync();
        fake.BaseUrl = fake.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    private void Map()
    {
        app.Use(async (context, next) =>
        {
            if (!Unreachable)
            {
                await next(context);
                return;
            }
            requests.Enqueue((context.Request.Path, context.Request.Headers["Idempotency-Key"].ToString()));
            context.Abort();
        });
        MapCodesAndTax();
        MapPlans();
        app.MapPost("/v1/checkout/sessions", (HttpRequest r) => Idempotent(r, async form =>
        {
            var n = Interlocked.Increment(ref counter);
            var id = $"cs_test_fake{n:D6}";
            var session = new JsonObject
            {
                ["id"] = id,
                ["object"] = "checkout.session",
                ["mode"] = form["mode"].ToString(),
                ["status"] = "open",
                ["payment_status"] = "unpaid",
                ["payment_intent"] = null,
                ["amount_total"] = long.Parse(form["line_items[0][price_data][unit_amount]"]!, System.Globalization.CultureInfo.InvariantCulture),
                ["currency"] = form["line_items[0][price_data][currency]"].ToString(),
                ["client_reference_id"] = form["client_reference_id"].ToString(),
                ["customer_email"] = form["customer_email"].ToString(),
                ["allow_promotion_codes"] = form.ContainsKey("allow_promotion_codes"),
                ["success_url"] = form["success_url"].ToString().Replace("{CHECKOUT_SESSION_ID}", id, StringComparison.Ordinal),
                ["cancel_url"] = form["cancel_url"].ToString(),
                ["url"] = $"https://checkout.stripe.test/pay/{id}",
                ["expires_at"] = DateTimeOffset.UtcNow.AddHours(24).ToUnixTimeSeconds(),
                ["metadata"] = new JsonObject(form.Keys.Where(k => k.StartsWith("metadata[", StringComparison.Ordinal))
                    .Select(k => KeyValuePair.Create(k[9..^1], (JsonNode?)JsonValue.Create(form[k].ToString())))),
            };
            if (ExtendSession(session, form) is { } refusal) return (refusal, 400);
            sessions[id] = session;
            await Task.CompletedTask;
            return (session.ToJsonString(), 200);
        }));

        app.MapGet("/v1/checkout/sessions/{id}", (string id) =>
        {
            requests.Enqueue(($"/v1/checkout/sessions/{id}", null));
            return sessions.TryGetValue(id, out var s)
                ? Results.Content(s.ToJsonString(), "application/json")
                : Results.Content(Error($"No such checkout.session: '{id}'", "resource_missing"), "application/json", statusCode: 404);
        });

        app.MapPost("/v1/refunds", (HttpRequest r) => Idempotent(r, async form =>
        {
            if (NextRefundError is { } message)
            {
                NextRefundError = null;
                return (Error(message, "charge_already_refunded"), 400);
            }
            var refund = new JsonObject
            {
                ["id"] = $"re_fake{Interlocked.Increment(ref counter):D6}",
                ["object"] = "refund",
                ["amount"] = long.Parse(form["amount"]!, System.Globalization.CultureInfo.InvariantCulture),
                ["currency"] = "usd",
                ["payment_intent"] = form["payment_intent"].ToString(),
                ["reason"] = form["reason"].ToString(),
                ["status"] = "succeeded",
                ["metadata"] = new JsonObject { ["refund_id"] = form["metadata[refund_id]"].ToString() },
            };
            refunds.Add(refund);
            await Task.CompletedTask;
            return (refund.ToJsonString(), 200);
        }));
    }

    /// <summary>Like Stripe: a repeated Idempotency-Key gets the first answer again, and nothing is done twice.</summary>
    private async Task<IResult> Idempotent(HttpRequest request, Func<IFormCollection, Task<(string Body, int Status)>> handle)
    {
        var key = request.Headers["Idempotency-Key"].ToString();
        requests.Enqueue((request.Path, key));
        var form = await request.ReadFormAsync();
        if (key.Length > 0 && idempotent.TryGetValue(key, out var earlier)) return Results.Content(earlier.Body, "application/json", statusCode: earlier.Status);
        var answer = await handle(form);
        if (key.Length > 0) idempotent.TryAdd(key, answer);
        if (request.Path == "/v1/refunds" && LoseNextRefundAnswer)
        {
            LoseNextRefundAnswer = false;
            request.HttpContext.Abort();
            return Results.Empty;
        }
        if (request.Path == "/v1/refunds" && NextRefundDelay > TimeSpan.Zero)
        {
            // Done and remembered, but the answer is slow: the client times out without knowing.
            var delay = NextRefundDelay;
            NextRefundDelay = TimeSpan.Zero;
            await Task.Delay(delay);
        }
        return Results.Content(answer.Body, "application/json", statusCode: answer.Status);
    }

    private static string Error(string message, string code) =>
        new JsonObject { ["error"] = new JsonObject { ["type"] = "invalid_request_error", ["code"] = code, ["message"] = message } }.ToJsonString();

    /// <summary>The buyer pays on Stripe's page: the session completes (or waits for a delayed method).</summary>
    public JsonObject Pay(string sessionId, bool delayed = false)
    {
        var s = sessions[sessionId];
        s["status"] = "complete";
        s["payment_status"] = delayed ? "unpaid" : "paid";
        s["payment_intent"] = $"pi_fake{sessionId[^6..]}";
        return s;
    }

    public JsonObject SettleDelayed(string sessionId, bool succeeded)
    {
        var s = sessions[sessionId];
        s["payment_status"] = succeeded ? "paid" : "unpaid";
        return s;
    }

    /// <summary>One of Stripe's example objects from the shared fixtures, with some fields replaced.</summary>
    public static JsonObject Fixture(string name, params (string Field, JsonNode? Value)[] changes)
    {
        var obj = JsonNode.Parse(System.IO.File.ReadAllText(Path.Combine(FixtureFolder, $"{name}.json")))!.AsObject();
        foreach (var (field, value) in changes) obj[field] = value?.DeepClone();
        return obj;
    }

    /// <summary>An event envelope around <paramref name="obj"/>, as Stripe sends it.</summary>
    public static string Event(string type, JsonObject obj, DateTimeOffset created, string? id = null, string? apiVersion = null) =>
        new JsonObject
        {
            ["id"] = id ?? $"evt_{Guid.NewGuid():N}",
            ["object"] = "event",
            ["api_version"] = apiVersion ?? StripeConfiguration.ApiVersion,
            ["created"] = created.ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["type"] = type,
            ["data"] = new JsonObject { ["object"] = obj.DeepClone() },
        }.ToJsonString();

    public static string Sign(string json, DateTimeOffset at, string secret = WebhookSecret) =>
        EventUtility.GenerateSignatureHeader(json, secret, at.ToUnixTimeSeconds());

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
