using System.Net;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Checkout;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Checkout;

/// <summary>"Request a refund" on her purchases page: while the window is open, once, the admins told, the admin deciding.</summary>
[Trait("Category", "Checkout")]
public sealed class RefundRequestTests(RefundRequestTests.Factory app) : PaymentHarness(app), IClassFixture<RefundRequestTests.Factory>
{
    /// <summary>Account email sent by a worker (the admins' notice), and a two-day window the test clock can pass without the sign-in expiring.</summary>
    public sealed class Factory : AccountEmailAppFactory
    {
        protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => [new("Stripe:RefundWindowDays", "2")];
    }

    private const string Asked = "refund.asked_by_student";

    private async Task<(BrowserlessClient Client, ApplicationUser User, Payment Payment)> PaidStudentAsync()
    {
        var (client, student) = await StudentAsync();
        await PayAndNotifyAsync(await StartCheckoutAsync(client));
        return (client, student, Assert.Single(await PaymentsOfAsync(student)));
    }

    private static string FormOf(Payment p) => $"form#request-refund-{p.Id}";

    private async Task<int> RequestsOfAsync(Payment p)
    {
        await using var db = App.Database.CreateContext();
        return await db.RefundRequests.CountAsync(r => r.PaymentId == p.Id);
    }

    [Fact]
    public async Task While_the_window_is_open_she_asks_the_admins_are_emailed_and_the_dashboard_links_her_and_the_payment()
    {
        var adminEmail = await App.CreateUserAsync(Roles.Admin);
        var (client, student, payment) = await PaidStudentAsync();

        var (_, page) = await client.GetAsync("/purchases");
        Assert.NotNull(page.QuerySelector(FormOf(payment)));
        Assert.Contains("support@", page.QuerySelector("main .support-contact")?.TextContent);
        var response = await client.SubmitAsync(page, FormOf(payment), "/purchases");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.Contains("done=refund-requested", location);

        var (_, after) = await client.GetAsync(location);
        Assert.Contains("Your refund request was sent", after.QuerySelector("#action-message")?.TextContent);
        Assert.NotNull(after.QuerySelector($"#refund-asked-{payment.Id}"));
        Assert.Null(after.QuerySelector(FormOf(payment)));
        Assert.Equal(1, await RequestsOfAsync(payment));
        Assert.Single(await AuditActionsAsync(student), a => a == Asked);

        var mail = await App.Mail.WaitForAsync(adminEmail, m => m.Subject == "A refund request is waiting");
        Assert.Contains(AppFactory.PublicBaseUrl + "/admin#refund-requests", mail.TextBody);
        Assert.DoesNotContain(student.Email!, mail.TextBody);

        var admin = BrowserlessClient.Create(App);
        await admin.SignInAsync(adminEmail);
        var (_, dashboard) = await admin.GetAsync("/admin");
        var requests = dashboard.QuerySelector("#refund-requests")!;
        Assert.NotNull(requests.QuerySelector($"a[href='admin/payments/{payment.Id}']"));
        Assert.NotNull(requests.QuerySelector($"a[href='admin/students/{student.Id}']"));

        // The admin decides with the refund form; once refunded, the request no longer waits.
        using (var scope = App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<RefundProcessor>().RefundAsync(payment.Id, null, "asked on her purchases page", false, AuditActor.System);
        }
        (_, dashboard) = await admin.GetAsync("/admin");
        Assert.Null(dashboard.QuerySelector($"#refund-requests a[href='admin/payments/{payment.Id}']"));
    }

    [Fact]
    public async Task Asking_twice_shows_the_open_request_instead_of_making_a_second()
    {
        var (client, student, payment) = await PaidStudentAsync();
        var (_, page) = await client.GetAsync("/purchases");
        await client.SubmitAsync(page, FormOf(payment), "/purchases");

        // The same form again: a double tap, or the back button.
        var again = await client.SubmitAsync(page, FormOf(payment), "/purchases");
        var location = again.Headers.Location!.OriginalString;
        Assert.Contains("done=refund-already", location);
        var (_, shown) = await client.GetAsync(location);
        Assert.Contains("already asked", shown.QuerySelector("#action-message")?.TextContent);
        Assert.NotNull(shown.QuerySelector($"#refund-asked-{payment.Id}"));
        Assert.Equal(1, await RequestsOfAsync(payment));
        Assert.Single(await AuditActionsAsync(student), a => a == Asked);
    }

    [Fact]
    public async Task After_the_window_there_is_no_button_and_a_post_from_an_old_page_is_refused()
    {
        var (client, student, payment) = await PaidStudentAsync();
        var (_, page) = await client.GetAsync("/purchases");
        Assert.NotNull(page.QuerySelector(FormOf(payment)));

        App.Clock.Advance(TimeSpan.FromDays(2));
        var (_, later) = await client.GetAsync("/purchases");
        Assert.Null(later.QuerySelector(FormOf(payment)));

        var response = await client.SubmitAsync(page, FormOf(payment), "/purchases");
        var location = response.Headers.Location!.OriginalString;
        Assert.Contains("done=refund-closed", location);
        var (_, shown) = await client.GetAsync(location);
        Assert.Contains("error", shown.QuerySelector("#action-message")!.ClassList);
        Assert.Equal(0, await RequestsOfAsync(payment));
        Assert.DoesNotContain(Asked, await AuditActionsAsync(student));
    }

    [Fact]
    public async Task Another_students_purchase_cannot_be_asked_for()
    {
        var (_, _, payment) = await PaidStudentAsync();
        var (other, _) = await StudentAsync();
        var (_, page) = await other.GetAsync("/purchases");
        var form = $"<form id=\"forged\" method=\"post\" action=\"purchases/refund-request\"><input name=\"PaymentId\" value=\"{payment.Id}\"/>" +
            $"<input name=\"__RequestVerificationToken\" value=\"{page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")}\"/></form>";
        var forged = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(form);
        var response = await other.SubmitAsync(forged, "form#forged", "/purchases");
        Assert.Contains("done=refund-closed", response.Headers.Location!.OriginalString);
        Assert.Equal(0, await RequestsOfAsync(payment));
    }
}
