using System.Net;
using AnxiousToSecure.Core.Checkout;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.IntegrationTests.Checkout;

/// <summary>Development without Stripe keys (scripts/run): a gift is paid on the marked test checkout through the real webhook code.</summary>
[Trait("Category", "Checkout")]
public sealed class LocalTestGiftTests(LocalCheckoutAppFactory app) : IClassFixture<LocalCheckoutAppFactory>
{
    [Fact]
    public async Task A_gift_is_paid_on_the_test_checkout_and_scheduled()
    {
        var (client, buyer) = await app.SignInNewStudentAsync();
        var (_, form) = await client.GetAsync("/gift");
        var started = await client.SubmitAsync(form, "form#gift-form", "/gift", new Dictionary<string, string>
        {
            ["Input.Email"] = $"r{Guid.NewGuid():N}@example.com",
            ["Input.DeliverOn"] = GiftRules.Today(app.Clock.GetUtcNow(), "America/New_York").AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.True(started.StatusCode == HttpStatusCode.Redirect, $"{started.StatusCode} {app.Errors}");
        var checkoutUrl = new Uri(new Uri("http://localhost"), started.Headers.Location!).PathAndQuery;
        Assert.StartsWith("/checkout/test/cs_local_", checkoutUrl);

        var (_, checkout) = await client.GetAsync(checkoutUrl);
        Assert.Contains("Test checkout", checkout.QuerySelector(".test-banner")!.TextContent);
        var paid = await client.SubmitAsync(checkout, "form#pay", checkoutUrl);
        Assert.True(paid.StatusCode == HttpStatusCode.Redirect, $"{paid.StatusCode} {app.Errors}");
        var (_, success) = await client.GetAsync(paid.Headers.Location!.OriginalString);
        Assert.Contains("Your gift is ready", success.QuerySelector("h1")!.TextContent);

        await using var db = app.Database.CreateContext();
        var gift = await db.Gifts.Include(g => g.Payment).SingleAsync(g => g.BuyerId == buyer.Id);
        Assert.Equal((GiftStatus.Scheduled, PaymentStatus.Paid), (gift.Status, gift.Payment!.Status));
        Assert.False(await db.Enrollments.AnyAsync(e => e.UserId == buyer.Id));
    }
}
