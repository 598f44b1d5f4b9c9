using System.Net;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Checkout;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Checkout;

/// <summary>Promotion codes: made at /admin/codes through the fake Stripe API, used from a share link at checkout, counted, ended.</summary>
[Trait("Category", "Checkout")]
public sealed class PromotionCodeTests(AppFactory app) : PaymentHarness(app), IClassFixture<AppFactory>
{
    private static string NewCode() => $"T{Guid.NewGuid():N}"[..12].ToUpperInvariant();

    private async Task<(BrowserlessClient Admin, HttpResponseMessage Response)> MakeCodeAsync(Dictionary<string, string> fields, BrowserlessClient? admin = null)
    {
        admin ??= await App.SignInNewUserAsync(Roles.Admin);
        var (_, page) = await admin.GetAsync("/admin/codes");
        var response = await admin.SubmitAsync(page, "form#new-code", "/admin/codes", fields);
        return (admin, response);
    }

    private async Task<PromotionCode> RowAsync(string code)
    {
        await using var db = App.Database.CreateContext();
        return await db.PromotionCodes.AsNoTracking().SingleAsync(c => c.Code == code);
    }

    [Fact]
    public async Task A_code_is_made_at_Stripe_used_at_checkout_from_its_share_link_counted_and_ended()
    {
        var code = NewCode();
        var (admin, made) = await MakeCodeAsync(new()
        {
            ["Input.Code"] = code.ToLowerInvariant(),
            ["Input.Kind"] = "percent",
            ["Input.Value"] = "20",
            ["Input.MaxRedemptions"] = "5",
            ["Input.Reason"] = "Spring newsletter",
        });
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        var row = await RowAsync(code);
        Assert.Equal((20, (long?)null, 5, false), (row.PercentOff, row.AmountOffMinor, row.MaxRedemptions, row.IsTest));
        var promo = App.Stripe.PromotionCodeByCode(code)!;
        Assert.Equal(row.ProviderPromotionCodeId, (string?)promo["id"]);
        Assert.Equal(5L, (long?)promo["max_redemptions"]);
        var coupon = Assert.Single(App.Stripe.Coupons, c => (string?)c["id"] == row.ProviderCouponId);
        Assert.Equal((20m, "once"), ((decimal?)coupon["percent_off"], (string?)coupon["duration"]));
        await using (var db = App.Database.CreateContext())
        {
            var audit = await db.AuditEntries.SingleAsync(a => a.Action == AuditActions.Code.Created && a.Target == $"promotion_code:{row.Id}");
            Assert.Contains("Spring newsletter", audit.Details);
            Assert.Contains("20% off", audit.Details);
        }

        var (_, list) = await admin.GetAsync("/admin/codes");
        var share = list.QuerySelector($"#share-{row.Id:N}")!.GetAttribute("value");
        Assert.Equal($"{AppFactory.PublicBaseUrl.TrimEnd('/')}/?code={code}", share);

        // A student follows the share link: the page shows the code and the price with it, and checkout carries it.
        var (client, student) = await StudentAsync();
        var (_, course) = await client.GetAsync($"/?code={code}");
        Assert.Contains(code, course.QuerySelector("#promotion-code")!.TextContent);
        Assert.Equal(code, course.QuerySelector("form#enroll input[name=code]")!.GetAttribute("value"));
        var started = await client.SubmitAsync(course, "form#enroll", $"/?code={code}");
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var sessionId = started.Headers.Location!.ToString().Split('/')[^1];
        var session = App.Stripe.Sessions.Single(s => (string?)s["id"] == sessionId);
        Assert.Equal(row.ProviderPromotionCodeId, (string?)session["discounts"]![0]!["promotion_code"]);
        Assert.False((bool)session["allow_promotion_codes"]!);
        Assert.Equal(CoursePrice() * 80 / 100, (long)session["amount_total"]!);

        await PayAndNotifyAsync(sessionId);
        var payment = Assert.Single(await PaymentsOfAsync(student));
        Assert.Equal((row.Id, CoursePrice() * 80 / 100, PaymentStatus.Paid), (payment.PromotionCodeId, payment.AmountMinor, payment.Status));

        (_, list) = await admin.GetAsync("/admin/codes");
        var used = list.QuerySelectorAll("#codes tbody tr").Single(tr => tr.TextContent.Contains(code)).QuerySelector("td[data-label=Used]")!.TextContent;
        Assert.Equal("1 purchase of 5; Stripe counts 1", used.Trim());

        // Ended: no longer active at Stripe, refused at checkout, and the course page says so.
        var ended = await admin.SubmitAsync(list, "form#end-code", "/admin/codes", new Dictionary<string, string> { ["End.CodeId"] = row.Id.ToString(), ["End.Reason"] = "Campaign over" });
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.False((bool)App.Stripe.PromotionCodeByCode(code)!["active"]!);
        Assert.NotNull((await RowAsync(code)).EndedAt);
        await using (var db = App.Database.CreateContext())
        {
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.Code.Ended && a.Target == $"promotion_code:{row.Id}" && a.Details!.Contains("Campaign over")));
        }

        var (other, _) = await StudentAsync();
        var sessionsBefore = App.Stripe.Sessions.Count;
        var (_, afterEnd) = await other.GetAsync($"/?code={code}");
        Assert.Contains("has ended", afterEnd.QuerySelector("#promotion-code")!.TextContent);
        Assert.Null(afterEnd.QuerySelector("form#enroll input[name=code]"));
        var begin = await other.Http.GetAsync($"/checkout/begin?code={code}");
        Assert.Equal(HttpStatusCode.Redirect, begin.StatusCode);
        Assert.Equal($"/?code={code}#enroll", begin.Headers.Location!.OriginalString);
        Assert.Equal(sessionsBefore, App.Stripe.Sessions.Count);
        // Stripe, too, no longer accepts the ended code.
        using var scope = App.Services.CreateScope();
        var refused = await Assert.ThrowsAsync<PaymentGatewayException>(() => scope.ServiceProvider.GetRequiredService<IPaymentGateway>().CreateCheckoutAsync(new CheckoutRequest(
            Guid.NewGuid(), student.Id, student.Email, payment.CourseId, "Course", CoursePrice(), "usd",
            new Uri("https://localhost/checkout/success"), new Uri("https://localhost/"), false, PromotionCodeId: row.ProviderPromotionCodeId)));
        Assert.Equal(PaymentGatewayFailure.Refused, refused.Failure);
    }

    [Fact]
    public async Task The_code_of_a_share_link_goes_with_her_through_sign_up_and_sign_in_to_checkout()
    {
        var code = NewCode();
        await MakeCodeAsync(new() { ["Input.Code"] = code, ["Input.Kind"] = "amount", ["Input.Value"] = "10.00", ["Input.Reason"] = "Podcast listeners" });
        var row = await RowAsync(code);

        var visitor = BrowserlessClient.Create(App);
        var (_, page) = await visitor.GetAsync($"/?code={code}");
        var returnTo = Uri.EscapeDataString($"/checkout/begin?code={code}");
        Assert.EndsWith($"Account/Register?ReturnUrl={returnTo}", page.QuerySelector("a#enroll")!.GetAttribute("href"));
        Assert.Contains(page.QuerySelectorAll("a"), a => a.GetAttribute("href")?.EndsWith($"Account/Login?ReturnUrl={returnTo}", StringComparison.Ordinal) == true);

        // Where sign-in returns her: checkout opens with the code.
        var (client, _) = await StudentAsync();
        var begin = await client.Http.GetAsync($"/checkout/begin?code={code}");
        Assert.Equal(HttpStatusCode.Redirect, begin.StatusCode);
        var session = App.Stripe.Sessions.Single(s => (string?)s["id"] == begin.Headers.Location!.ToString().Split('/')[^1]);
        Assert.Equal(row.ProviderPromotionCodeId, (string?)session["discounts"]![0]!["promotion_code"]);
        Assert.Equal(CoursePrice() - 1000, (long)session["amount_total"]!);
    }

    [Fact]
    public async Task Without_a_code_checkout_carries_no_discount()
    {
        var (client, _) = await StudentAsync();
        var id = await StartCheckoutAsync(client);
        var session = App.Stripe.Sessions.Single(s => (string?)s["id"] == id);
        Assert.Null(session["discounts"]);
        Assert.Equal(CoursePrice(), (long)session["amount_total"]!);
    }

    [Theory]
    [InlineData("no spaces!", "percent", "20", "", "", "cannot be a code")]
    [InlineData("OK-CODE", "percent", "150", "", "", "is not a percentage")]
    [InlineData("OK-CODE", "amount", "99999.00", "", "", "is more than the course costs")]
    [InlineData("OK-CODE", "amount", "12.345", "", "", "is not an amount")]
    [InlineData("OK-CODE", "percent", "20", "2020-01-01", "", "already passed")]
    [InlineData("OK-CODE", "percent", "20", "", "0", "is not a number of uses")]
    [InlineData("OK-CODE", "percent", "20", "", "", "Give a reason")]
    public async Task Bad_input_is_refused_with_a_clear_message_and_nothing_is_made(string code, string kind, string value, string expires, string max, string message)
    {
        var coupons = App.Stripe.Coupons.Count;
        var (_, response) = await MakeCodeAsync(new()
        {
            ["Input.Code"] = code,
            ["Input.Kind"] = kind,
            ["Input.Value"] = value,
            ["Input.ExpiresOn"] = expires,
            ["Input.MaxRedemptions"] = max,
            ["Input.Reason"] = message == "Give a reason" ? "" : "A reason",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Equal(coupons, App.Stripe.Coupons.Count);
    }

    [Fact]
    public async Task A_code_cannot_be_made_twice()
    {
        var code = NewCode();
        var (admin, _) = await MakeCodeAsync(new() { ["Input.Code"] = code, ["Input.Kind"] = "percent", ["Input.Value"] = "10", ["Input.Reason"] = "First" });
        var (_, again) = await MakeCodeAsync(new() { ["Input.Code"] = code, ["Input.Kind"] = "percent", ["Input.Value"] = "10", ["Input.Reason"] = "Second" }, admin);
        Assert.Contains($"There is already a code {code}", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()));
    }
}
