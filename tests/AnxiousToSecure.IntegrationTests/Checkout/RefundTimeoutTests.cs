using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Checkout;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Checkout;

/// <summary>The app with a Stripe timeout short enough to run into: only the tests that exercise it use this.</summary>
public sealed class ShortStripeTimeoutAppFactory : AppFactory
{
    public const int TimeoutSeconds = 2;

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
        [new("Stripe:TimeoutSeconds", TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}

/// <summary>A refund call that runs out of time is retried with the same idempotency key and refunds once.</summary>
[Trait("Category", "Checkout")]
public sealed class RefundTimeoutTests(ShortStripeTimeoutAppFactory app) : PaymentHarness(app), IClassFixture<ShortStripeTimeoutAppFactory>
{
    private static readonly AuditActor Admin = new("admin-id", "admin@example.com");

    [Fact]
    public async Task A_refund_call_that_times_out_is_retried_with_the_same_key_and_refunds_once()
    {
        var (client, student) = await StudentAsync();
        await PayAndNotifyAsync(await StartCheckoutAsync(client));
        var payment = Assert.Single(await PaymentsOfAsync(student));
        App.Stripe.NextRefundDelay = TimeSpan.FromSeconds(ShortStripeTimeoutAppFactory.TimeoutSeconds * 2);

        Refund first;
        using (var scope = App.Services.CreateScope())
        {
            first = await scope.ServiceProvider.GetRequiredService<RefundProcessor>().RefundAsync(payment.Id, null, "Asked by email", false, Admin);
        }
        Assert.Equal(RefundStatus.Requested, first.Status);
        Assert.Contains("Retrying is safe", first.FailureReason);
        Assert.Equal(EnrollmentStatus.Active, (await EnrollmentOfAsync(student))!.Status);

        using (var scope = App.Services.CreateScope())
        {
            var retried = await scope.ServiceProvider.GetRequiredService<RefundProcessor>().SubmitAsync(first.Id, Admin);
            Assert.Equal(RefundStatus.Succeeded, retried.Status);
        }
        Assert.Single(App.Stripe.Refunds, r => (string?)r["payment_intent"] == payment.PaymentIntentId);
        var calls = App.Stripe.Requests.Where(r => r.Path == "/v1/refunds" && r.IdempotencyKey == $"refund-{first.Id:N}").ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal(EnrollmentStatus.Refunded, (await EnrollmentOfAsync(student))!.Status);
    }
}
