using System.Net;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.IntegrationTests.Checkout;

/// <summary>Promotion codes under the local test checkout: test codes, made without Stripe, taken off by the test checkout.</summary>
[Trait("Category", "Checkout")]
public sealed class LocalTestCodeTests(LocalCheckoutAppFactory app) : IClassFixture<LocalCheckoutAppFactory>
{
    [Fact]
    public async Task A_test_code_is_made_without_Stripe_and_taken_off_at_the_test_checkout()
    {
        var admin = await app.SignInNewUserAsync(Core.Data.Roles.Admin);
        var (_, codes) = await admin.GetAsync("/admin/codes");
        Assert.Contains("Test codes", codes.QuerySelector(".test-banner")!.TextContent);
        var made = await admin.SubmitAsync(codes, "form#new-code", "/admin/codes", new Dictionary<string, string>
        {
            ["Input.Code"] = "LOCAL-HALF", ["Input.Kind"] = "percent", ["Input.Value"] = "50", ["Input.Reason"] = "Trying it out",
        });
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        await using (var db = app.Database.CreateContext())
        {
            var code = await db.PromotionCodes.SingleAsync(c => c.Code == "LOCAL-HALF");
            Assert.True(code.IsTest);
            Assert.StartsWith(Core.LocalTestCheckout.LocalTestPaymentGateway.PromotionCodePrefix, code.ProviderPromotionCodeId);
        }

        var (client, student) = await app.SignInNewStudentAsync();
        var (_, course) = await client.GetAsync("/?code=local-half");
        Assert.Contains("A test code", course.QuerySelector("#promotion-code")!.TextContent);
        var enroll = await client.SubmitAsync(course, "form#enroll", "/?code=local-half");
        var checkoutUrl = new Uri(new Uri("http://localhost"), enroll.Headers.Location!).PathAndQuery;
        var (_, checkout) = await client.GetAsync(checkoutUrl);
        Assert.Contains("with the test code LOCAL-HALF taken off", checkout.QuerySelector("#test-amount")!.TextContent);
        var paid = await client.SubmitAsync(checkout, "form#pay", checkoutUrl);
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);

        await using var after = app.Database.CreateContext();
        var price = await after.Courses.Select(c => c.PriceMinor).SingleAsync();
        var payment = await after.Payments.SingleAsync(p => p.UserId == student.Id);
        Assert.Equal((PaymentStatus.Paid, price - price * 50 / 100), (payment.Status, payment.AmountMinor));
        Assert.Empty(app.Stripe.Requests);
    }
}
