using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Observability;
using Hangfire;

namespace AnxiousToSecure.Core.Jobs;

/// <summary>The gift delivery sweep as a recurring Hangfire job, a sibling of the drip sweep.</summary>
public sealed class GiftDeliveryJob(GiftDeliverySweeper sweeper)
{
    public const string RecurringJobId = "gift-delivery";

    /// <remarks>No Hangfire retries: a failed send is rescheduled on the gift, and the next sweep is the retry.</remarks>
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public Task<GiftSweepResult> ExecuteAsync(CancellationToken ct) =>
        AppTelemetry.RunJobAsync("job gift-delivery", async span =>
        {
            var result = await sweeper.ExecuteAsync(ct);
            span.SetTag("ats.gift.delivered", result.Delivered);
            return result;
        });
}
