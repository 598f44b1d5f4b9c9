using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace AnxiousToSecure.Bench.Http;

/// <summary>
/// Stripe's webhook at a fixed rate: distinct <c>checkout.session.expired</c> events (stored in the
/// inbox and processed), signed as Stripe signs them, sent on schedule whatever the answers take
/// (an open loop, as Stripe does not wait for us), each one's latency measured here.
/// </summary>
internal static class WebhookLoad
{
    public const string EventType = "checkout.session.expired";

    public static async Task RunAsync(AppClient app, string database, string secret, int perSecond, TimeSpan duration)
    {
        var run = Guid.NewGuid().ToString("N")[..12];
        var total = (int)(perSecond * duration.TotalSeconds);
        var latencies = new double[total];
        var statuses = new int[total];
        var clock = Stopwatch.StartNew();
        var sends = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
            var n = i;
            sends.Add(Task.Run(async () => (latencies[n], statuses[n]) = await SendAsync(app, secret, $"evt_bench_{run}_{n}", $"cs_bench_{run}_{n}")));
        }
        await Task.WhenAll(sends);
        var seconds = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        var failed = statuses.Count(s => s is < 200 or > 299);

        await using var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(database).Options);
        var prefix = $"evt_bench_{run}_";
        var stored = await db.StripeEvents.CountAsync(e => e.Id.StartsWith(prefix));
        var processed = await db.StripeEvents.CountAsync(e => e.Id.StartsWith(prefix) && e.ProcessedAt != null);

        Print("webhook_rps", total / seconds);
        Print("webhook_p50_ms", Percentile(latencies, 50));
        Print("webhook_p99_ms", Percentile(latencies, 99));
        Console.WriteLine($"webhook_requests={total}");
        Console.WriteLine($"webhook_non2xx={failed}");
        Console.WriteLine($"webhook_stored={stored}");
        Console.WriteLine($"webhook_processed={processed}");
        Console.WriteLine($"webhook_stored_once={(stored == total && processed == total ? "yes" : "no")}");
    }

    public static async Task<(double Ms, int Status)> SendAsync(AppClient app, string secret, string eventId, string sessionId)
    {
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var json = JsonSerializer.Serialize(new
        {
            id = eventId, @object = "event", api_version = StripeConfiguration.ApiVersion, created, type = EventType, livemode = false,
            data = new { @object = new { id = sessionId, @object = "checkout.session", status = "expired", payment_status = "unpaid" } },
        });
        using var body = new StringContent(json, Encoding.UTF8, "application/json");
        var sw = Stopwatch.StartNew();
        try
        {
            using var response = await app.SendAsync(HttpMethod.Post, "stripe/webhook", null, body,
                header: ("Stripe-Signature", EventUtility.GenerateSignatureHeader(json, secret, created)));
            await response.Content.ReadAsByteArrayAsync();
            return (sw.Elapsed.TotalMilliseconds, (int)response.StatusCode);
        }
        catch (HttpRequestException)
        {
            return (sw.Elapsed.TotalMilliseconds, 0);
        }
    }

    public static double Percentile(double[] sorted, int p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(sorted.Length * p / 100.0) - 1)];

    private static void Print(string name, double value) => Console.WriteLine($"{name}={value.ToString("F1", CultureInfo.InvariantCulture)}");
}
