using System.Net;
using System.Text;
using System.Text.Json;
using AnxiousToSecure.TestSupport;

namespace AnxiousToSecure.IntegrationTests.Security;

/// <summary>Development without Stripe keys (the local test checkout).</summary>
public sealed class LocalCheckoutSecretAppFactory : AppFactory
{
    protected override bool LocalTestCheckout => true;
}

/// <summary>The local test checkout's events are signed with a secret nobody outside the running app knows.</summary>
[Trait("Category", "Security")]
public sealed class LocalCheckoutSecretTests(LocalCheckoutSecretAppFactory app) : IClassFixture<LocalCheckoutSecretAppFactory>
{
    [Theory]
    [InlineData("whsec_local_test_checkout_only")] // the constant earlier versions shipped in the source
    [InlineData("")]
    public async Task An_event_signed_with_a_secret_anyone_could_know_is_refused(string secret)
    {
        var (_, student) = await app.SignInNewStudentAsync();
        var now = app.Clock.GetUtcNow().ToUnixTimeSeconds();
        var json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = $"evt_forged_{Guid.NewGuid():N}",
            ["object"] = "event",
            ["api_version"] = Core.Stripe.StripeEventReader.CurrentApiVersion,
            ["created"] = now,
            ["livemode"] = false,
            ["type"] = "checkout.session.completed",
            ["data"] = new Dictionary<string, object>
            {
                ["object"] = new Dictionary<string, object>
                {
                    ["id"] = "cs_local_forged", ["object"] = "checkout.session", ["mode"] = "payment", ["status"] = "complete",
                    ["payment_status"] = "paid", ["payment_intent"] = "pi_forged", ["amount_total"] = 1, ["currency"] = "usd",
                    ["client_reference_id"] = student.Id, ["metadata"] = new Dictionary<string, string> { ["user_id"] = student.Id },
                },
            },
        });
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        content.Headers.Add("Stripe-Signature", FakeStripe.Sign(json, app.Clock.GetUtcNow(), secret));

        var response = await app.CreateClient().PostAsync("/stripe/webhook", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
