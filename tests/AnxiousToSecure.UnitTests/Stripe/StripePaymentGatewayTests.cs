using System.Net;
using System.Text;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Stripe;
using Stripe;

namespace AnxiousToSecure.UnitTests.Stripe;

/// <summary>Stripe.net's exceptions stop at the adapter: the rules see one exception with our failure kind.</summary>
[Trait("Category", "Stripe")]
public sealed class StripePaymentGatewayTests
{
    [Theory]
    [InlineData(HttpStatusCode.BadRequest, PaymentGatewayFailure.Refused)]
    [InlineData(HttpStatusCode.PaymentRequired, PaymentGatewayFailure.Refused)]
    [InlineData(HttpStatusCode.NotFound, PaymentGatewayFailure.NotFound)]
    [InlineData(HttpStatusCode.Conflict, PaymentGatewayFailure.Unavailable)]
    [InlineData(HttpStatusCode.TooManyRequests, PaymentGatewayFailure.Unavailable)]
    [InlineData(HttpStatusCode.InternalServerError, PaymentGatewayFailure.Unavailable)]
    [InlineData(HttpStatusCode.ServiceUnavailable, PaymentGatewayFailure.Unavailable)]
    public async Task Stripe_answers_become_our_failure_kinds(HttpStatusCode status, PaymentGatewayFailure expected)
    {
        var gateway = Gateway(_ => Error(status, "Charge ch_1 has already been refunded."));

        var e = await Assert.ThrowsAsync<PaymentGatewayException>(() => gateway.RefundAsync("refund-1", Guid.NewGuid(), "pi_1", 100));

        Assert.Equal(expected, e.Failure);
        Assert.IsAssignableFrom<StripeException>(e.InnerException);
    }

    [Fact]
    public async Task A_refusal_carries_Stripe_s_own_message()
    {
        var gateway = Gateway(_ => Error(HttpStatusCode.BadRequest, "Charge ch_1 has already been refunded."));

        var e = await Assert.ThrowsAsync<PaymentGatewayException>(() => gateway.RefundAsync("refund-1", Guid.NewGuid(), "pi_1", 100));

        Assert.Equal("Charge ch_1 has already been refunded.", e.Message);
    }

    [Fact]
    public async Task No_connection_is_unavailable()
    {
        var gateway = Gateway(_ => throw new HttpRequestException("Connection refused"));

        var e = await Assert.ThrowsAsync<PaymentGatewayException>(() => gateway.GetCheckoutAsync("cs_test_1"));

        Assert.Equal(PaymentGatewayFailure.Unavailable, e.Failure);
    }

    [Fact]
    public async Task A_cancellation_by_the_caller_stays_a_cancellation()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var gateway = Gateway(_ => throw new TaskCanceledException());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gateway.GetCheckoutAsync("cs_test_1", cancelled.Token));
    }

    [Theory]
    [InlineData("succeeded", RefundStatus.Succeeded)]
    [InlineData("pending", RefundStatus.Pending)]
    [InlineData("failed", RefundStatus.Failed)]
    public async Task A_refund_answer_is_in_our_refund_states(string status, RefundStatus expected)
    {
        var gateway = Gateway(_ => Json(HttpStatusCode.OK, $$"""{"id":"re_1","object":"refund","amount":100,"status":"{{status}}"}"""));

        var refund = await gateway.RefundAsync("refund-1", Guid.NewGuid(), "pi_1", 100);

        Assert.Equal(new RefundInfo("re_1", expected, 100, null), refund);
    }

    private static StripePaymentGateway Gateway(Func<HttpRequestMessage, HttpResponseMessage> answer) =>
        new(new StripeClient(new StripeClientOptions
        {
            ApiKey = "sk_test_unit",
            HttpClient = new SystemNetHttpClient(new HttpClient(new Answering(answer)), maxNetworkRetries: 0, appInfo: null, enableTelemetry: false),
        }));

    private static HttpResponseMessage Error(HttpStatusCode status, string message) =>
        Json(status, $$$"""{"error":{"type":"invalid_request_error","message":"{{{message}}}"}}""");

    private static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private sealed class Answering(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(answer(request));
        }
    }
}
