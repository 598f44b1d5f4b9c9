using System.Text.RegularExpressions;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Checkout;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace AnxiousToSecure.IntegrationTests.Checkout;

/// <summary>Her emails about money (refund made, dispute opened and closed): once each, discreet subjects, the lesson emails' sender, through the account email queue.</summary>
[Trait("Category", "Checkout")]
public sealed partial class MoneyEmailTests(AccountEmailAppFactory app) : PaymentHarness(app), IClassFixture<AccountEmailAppFactory>
{
    private static readonly AuditActor Admin = new("admin-id", "admin@example.com");

    /// <summary>Long enough for a duplicate job to have been sent, had there been one.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    [GeneratedRegex(@"[0-9$€£]")]
    private static partial Regex Money();

    private static void Discreet(MimeMessage m)
    {
        Assert.DoesNotMatch(Money(), m.Subject);
        Assert.DoesNotContain("attach", m.Subject, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("anxious", m.Subject, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(("hello@anxioustosecure.example", "Course team"), (m.From.Mailboxes.Single().Address, m.From.Mailboxes.Single().Name));
        Assert.Null(m.Headers["List-Unsubscribe"]);
        Assert.Equal("auto-generated", m.Headers["Auto-Submitted"]);
    }

    [Fact]
    public async Task A_partial_and_a_full_refund_each_send_one_email()
    {
        var (client, student) = await StudentAsync();
        await PayAndNotifyAsync(await StartCheckoutAsync(client));
        var payment = Assert.Single(await PaymentsOfAsync(student));

        Refund partial;
        using (var scope = App.Services.CreateScope())
        {
            partial = await scope.ServiceProvider.GetRequiredService<RefundProcessor>().RefundAsync(payment.Id, 1000, "Asked by email", false, Admin);
        }
        var first = await App.Mail.WaitForAsync(student.Email!, m => m.Subject == MoneyEmails.RefundSubject);
        Discreet(first);
        Assert.Contains("10.00 USD", first.TextBody);
        Assert.Contains("Your access to the course stays as it was.", first.TextBody);

        // Stripe's own events about the same refund, twice: no second email.
        var refundEvent = FakeStripe.Fixture("refund", ("id", partial.StripeRefundId), ("payment_intent", payment.PaymentIntentId), ("amount", 1000), ("status", "succeeded"));
        var eventId = $"evt_{Guid.NewGuid():N}";
        await SendAsync("refund.updated", refundEvent, eventId);
        await SendAsync("refund.updated", refundEvent, eventId);
        await SendAsync("refund.created", refundEvent);

        using (var scope = App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<RefundProcessor>().RefundAsync(payment.Id, null, "Not for her", false, Admin);
        }
        await App.Mail.WaitForAsync(student.Email!, m => m.Subject == MoneyEmails.RefundSubject && (m.TextBody ?? "").Contains("the whole of what you paid"));
        await Task.Delay(Settle);
        var refunds = App.Mail.To(student.Email!).Where(m => m.Subject == MoneyEmails.RefundSubject).ToList();
        Assert.Equal(2, refunds.Count);
        Assert.Contains(refunds, m => (m.TextBody ?? "").Contains("Your access to the lessons has ended"));
        Assert.Equal(2, refunds.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task A_dispute_sends_one_email_when_opened_and_one_when_closed_however_often_Stripe_tells()
    {
        var (client, student) = await StudentAsync();
        var session = await PayAndNotifyAsync(await StartCheckoutAsync(client));
        var intent = (string)session["payment_intent"]!;
        var disputeId = $"dp_{Guid.NewGuid():N}"[..20];

        var opened = DisputeObject(disputeId, intent, CoursePrice(), "needs_response");
        var openedId = $"evt_{Guid.NewGuid():N}";
        await SendAsync("charge.dispute.created", opened, openedId);
        await SendAsync("charge.dispute.created", opened, openedId);
        await SendAsync("charge.dispute.updated", DisputeObject(disputeId, intent, CoursePrice(), "under_review"));
        var first = await App.Mail.WaitForAsync(student.Email!, m => m.Subject == MoneyEmails.DisputeOpenedSubject);
        Discreet(first);
        Assert.Contains("the lessons are paused", first.TextBody);

        var closed = DisputeObject(disputeId, intent, CoursePrice(), "won");
        var closedId = $"evt_{Guid.NewGuid():N}";
        await SendAsync("charge.dispute.closed", closed, closedId);
        await SendAsync("charge.dispute.closed", closed, closedId);
        await SendAsync("charge.dispute.closed", closed);
        var settled = await App.Mail.WaitForAsync(student.Email!, m => m.Subject == MoneyEmails.DisputeClosedSubject);
        Discreet(settled);
        Assert.Contains("Your access to the course is back", settled.TextBody);

        await Task.Delay(Settle);
        var mine = App.Mail.To(student.Email!);
        Assert.Single(mine, m => m.Subject == MoneyEmails.DisputeOpenedSubject);
        Assert.Single(mine, m => m.Subject == MoneyEmails.DisputeClosedSubject);
    }
}
