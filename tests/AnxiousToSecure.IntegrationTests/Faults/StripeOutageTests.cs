using System.Net;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Checkout;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Faults;

/// <summary>
/// Stripe's API cannot be reached (connections dropped unanswered) at checkout and at refund: the student
/// and the admin are told so in plain words, and retrying charges once and refunds once.
/// </summary>
[Trait("Category", "Faults")]
public sealed class StripeOutageTests() : PaymentHarness(new AppFactory()), IAsyncLifetime
{
    private static readonly AuditActor Admin = new("admin-id", "admin@example.com");

    public Task InitializeAsync() => App.InitializeAsync();

    public Task DisposeAsync() => App.DisposeAsync();

    [Fact]
    public async Task Checkout_while_Stripe_is_unreachable_says_nothing_was_charged_and_the_retry_charges_once()
    {
        var (client, student) = await StudentAsync();
        App.Stripe.Unreachable = true;
        var (_, page) = await client.GetAsync("/");
        var refused = await client.SubmitAsync(page, "form#enroll", "/");
        App.Stripe.Unreachable = false;
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Nothing was charged", await refused.Content.ReadAsStringAsync());
        Assert.Contains(App.Stripe.Requests, r => r.Path == "/v1/checkout/sessions");
        Assert.Empty(App.Stripe.Sessions);

        var session = await StartCheckoutAsync(client);
        await PayAndNotifyAsync(session);
        var payments = await PaymentsOfAsync(student);
        Assert.Single(payments, p => p.Status == PaymentStatus.Paid);
        Assert.All(payments.Where(p => p.Status != PaymentStatus.Paid), p => Assert.Equal(PaymentStatus.Failed, p.Status));
        Assert.Single(App.Stripe.Sessions, s => (string?)s["client_reference_id"] == student.Id);
        Assert.Equal(EnrollmentStatus.Active, (await EnrollmentOfAsync(student))!.Status);
    }

    [Fact]
    public async Task A_refund_while_Stripe_is_unreachable_waits_with_a_note_and_the_retries_refund_once_with_one_key()
    {
        var (client, student) = await StudentAsync();
        await PayAndNotifyAsync(await StartCheckoutAsync(client));
        var payment = Assert.Single(await PaymentsOfAsync(student));

        App.Stripe.Unreachable = true;
        var first = await RefundProcessorAsync(p => p.RefundAsync(payment.Id, null, "Asked by email", false, Admin));
        Assert.Equal(RefundStatus.Requested, first.Status);
        Assert.Contains("Retrying is safe", first.FailureReason);
        // Still down when the admin presses Retry: the same, nothing refunded, access unchanged.
        Assert.Equal(RefundStatus.Requested, (await RefundProcessorAsync(p => p.SubmitAsync(first.Id, Admin))).Status);
        Assert.Equal(EnrollmentStatus.Active, (await EnrollmentOfAsync(student))!.Status);

        // The admin sees the refund waiting, with the reason and a Retry button.
        var admin = await App.SignInNewUserAsync(Roles.Admin);
        var (shown, detail) = await admin.GetAsync($"/admin/payments/{payment.Id}");
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains("Retrying is safe", detail.DocumentElement.TextContent);
        Assert.NotNull(detail.QuerySelector($"button[name='Retry.RefundId'][value='{first.Id}']"));

        // Back, but the answer to the next try is lost after Stripe refunded: the row still waits.
        App.Stripe.Unreachable = false;
        App.Stripe.LoseNextRefundAnswer = true;
        Assert.Equal(RefundStatus.Requested, (await RefundProcessorAsync(p => p.SubmitAsync(first.Id, Admin))).Status);
        Assert.Equal(RefundStatus.Succeeded, (await RefundProcessorAsync(p => p.SubmitAsync(first.Id, Admin))).Status);

        Assert.Single(App.Stripe.Refunds, r => (string?)r["payment_intent"] == payment.PaymentIntentId);
        var calls = App.Stripe.Requests.Where(r => r.Path == "/v1/refunds").ToList();
        Assert.Equal(4, calls.Count);
        Assert.All(calls, c => Assert.Equal(first.IdempotencyKey, c.IdempotencyKey));
        var refunds = Assert.Single(await PaymentsOfAsync(student)).Refunds;
        Assert.Single(refunds);
        Assert.Equal(EnrollmentStatus.Refunded, (await EnrollmentOfAsync(student))!.Status);
    }

    private async Task<Refund> RefundProcessorAsync(Func<RefundProcessor, Task<Refund>> call)
    {
        using var scope = App.Services.CreateScope();
        return await call(scope.ServiceProvider.GetRequiredService<RefundProcessor>());
    }
}
