using System.Net;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Stripe;
using AnxiousToSecure.IntegrationTests.Admin;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Checkout;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.IntegrationTests.Checkout;

public sealed class LocalCheckoutAppFactory : AppFactory
{
    protected override bool LocalTestCheckout => true;
}

/// <summary>Development without Stripe keys: buying goes through a marked test page and the real webhook code.</summary>
[Trait("Category", "Checkout")]
public sealed class LocalTestCheckoutTests(LocalCheckoutAppFactory app) : IClassFixture<LocalCheckoutAppFactory>
{
    [Fact]
    public async Task Enroll_goes_to_the_marked_test_checkout_and_paying_there_enrolls_through_a_signed_event()
    {
        var (client, student) = await app.SignInNewStudentAsync();
        var (_, course) = await client.GetAsync("/");
        var enroll = await client.SubmitAsync(course, "form#enroll", "/");
        Assert.Equal(HttpStatusCode.Redirect, enroll.StatusCode);
        var checkoutUrl = new Uri(new Uri("http://localhost"), enroll.Headers.Location!).PathAndQuery;
        Assert.StartsWith("/checkout/test/cs_local_", checkoutUrl);

        var (_, checkout) = await client.GetAsync(checkoutUrl);
        Assert.Contains("Test checkout", checkout.QuerySelector(".test-banner")!.TextContent);
        var paid = await client.SubmitAsync(checkout, "form#pay", checkoutUrl);
        Assert.True(paid.StatusCode == HttpStatusCode.Redirect, $"{paid.StatusCode} {app.Errors}");
        var (_, success) = await client.GetAsync(paid.Headers.Location!.OriginalString);
        Assert.Contains("You're in", success.QuerySelector("h1")!.TextContent);

        await using var db = app.Database.CreateContext();
        Assert.Equal(EnrollmentStatus.Active, (await db.Enrollments.SingleAsync(e => e.UserId == student.Id)).Status);
        var stored = await db.StripeEvents.SingleAsync(e => e.Type == "checkout.session.completed");
        Assert.StartsWith("evt_local_", stored.Id);
        Assert.Equal(StripeEventState.Processed, stored.State);
        Assert.Empty(app.Stripe.Requests);
    }

    [Fact]
    public async Task Another_students_test_checkout_cannot_be_paid()
    {
        var (owner, _) = await app.SignInNewStudentAsync();
        var (_, course) = await owner.GetAsync("/");
        var checkoutUrl = new Uri(new Uri("http://localhost"), (await owner.SubmitAsync(course, "form#enroll", "/")).Headers.Location!).PathAndQuery;

        var (other, otherUser) = await app.SignInNewStudentAsync();
        var (_, page) = await other.GetAsync(checkoutUrl);
        var response = await other.SubmitAsync(page, "form#pay", checkoutUrl);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("not yours", await response.Content.ReadAsStringAsync());
        await using var db = app.Database.CreateContext();
        Assert.False(await db.Enrollments.AnyAsync(e => e.UserId == otherUser.Id));
    }
}
