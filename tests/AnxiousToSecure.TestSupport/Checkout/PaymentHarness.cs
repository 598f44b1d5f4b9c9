using System.Net;
using System.Text.Json.Nodes;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Stripe;
using AnxiousToSecure.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.TestSupport.Checkout;

/// <summary>Buying through the real pages and receiving signed events through the real webhook endpoint.</summary>
public abstract class PaymentHarness(AppFactory app)
{
    protected AppFactory App { get; } = app;

    protected DateTimeOffset Now => App.Clock.GetUtcNow();

    protected async Task<(BrowserlessClient Client, ApplicationUser User)> StudentAsync() => await App.SignInNewStudentAsync();

    /// <summary>Presses "Enroll" on the course page; returns the Checkout Session the app created at the fake Stripe.</summary>
    protected async Task<string> StartCheckoutAsync(BrowserlessClient client)
    {
        var (_, page) = await client.GetAsync("/");
        Assert.True(page.QuerySelector("form#enroll") is not null, $"no Enroll form on the course page. Server errors: {App.Errors}");
        var response = await client.SubmitAsync(page, "form#enroll", "/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("https://checkout.stripe.test/pay/", location);
        return location[(location.LastIndexOf('/') + 1)..];
    }

    protected async Task<HttpResponseMessage> PostEventAsync(string json, DateTimeOffset? signedAt = null, string? secret = null)
    {
        using var http = App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = App.ClientOptions.BaseAddress });
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        content.Headers.Add("Stripe-Signature", FakeStripe.Sign(json, signedAt ?? Now, secret ?? FakeStripe.WebhookSecret));
        return await http.PostAsync("/stripe/webhook", content);
    }

    protected Task<HttpResponseMessage> SendAsync(string type, JsonObject obj, string? eventId = null) =>
        PostEventAsync(FakeStripe.Event(type, obj, Now, eventId));

    /// <summary>She pays on Stripe's page and Stripe sends checkout.session.completed.</summary>
    protected async Task<JsonObject> PayAndNotifyAsync(string sessionId)
    {
        var session = App.Stripe.Pay(sessionId);
        var response = await SendAsync("checkout.session.completed", session);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return session;
    }

    protected static JsonObject Charge(string paymentIntent, long amount, long refunded) =>
        FakeStripe.Fixture("charge", ("payment_intent", paymentIntent), ("amount", amount), ("amount_refunded", refunded), ("refunded", refunded >= amount));

    protected static JsonObject DisputeObject(string id, string paymentIntent, long amount, string status) =>
        FakeStripe.Fixture("dispute", ("id", id), ("payment_intent", paymentIntent), ("amount", amount), ("status", status));

    protected async Task<Enrollment?> EnrollmentOfAsync(ApplicationUser user)
    {
        await using var db = App.Database.CreateContext();
        return await db.Enrollments.AsNoTracking().SingleOrDefaultAsync(e => e.UserId == user.Id);
    }

    protected async Task<List<Payment>> PaymentsOfAsync(ApplicationUser user)
    {
        await using var db = App.Database.CreateContext();
        return await db.Payments.AsNoTracking().Include(p => p.Refunds).Where(p => p.UserId == user.Id).ToListAsync();
    }

    protected async Task<List<string>> AuditActionsAsync(ApplicationUser user)
    {
        await using var db = App.Database.CreateContext();
        return await db.AuditEntries.Where(a => a.SubjectUserId == user.Id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
    }

    protected long CoursePrice()
    {
        using var db = App.Database.CreateContext();
        return db.Courses.Single().PriceMinor;
    }
}
