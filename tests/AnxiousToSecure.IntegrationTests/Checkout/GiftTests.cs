using System.Net;
using System.Text.RegularExpressions;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Checkout;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace AnxiousToSecure.IntegrationTests.Checkout;

/// <summary>
/// Gifts against the fake Stripe API, real PostgreSQL and the SMTP sink: bought, delivered on the morning of
/// its day (the clock moved), once, redeemed once and only by the named address, refunded before redemption.
/// </summary>
[Trait("Category", "Checkout")]
public sealed partial class GiftTests(AppFactory app) : PaymentHarness(app), IClassFixture<AppFactory>
{
    private static readonly AuditActor Admin = new("admin-id", "admin@example.com");

    // The course's zone and morning hour (course-content/course.yml): the recipient's zone is unknown.
    private const string Zone = "America/New_York";
    private const int MorningHour = 8;

    /// <summary>The chosen day of the gift bought last: three days from now in the course's zone. The clock only moves forward.</summary>
    private DateOnly Day { get; set; }

    private DateTimeOffset Morning => GiftRules.DeliveryAt(Day, Zone, MorningHour);

    private static string NewAddress() => $"r{Guid.NewGuid():N}@example.com";

    private void At(DateTimeOffset t) => App.Clock.SetUtcNow(t);

    private async Task<GiftSweepResult> SweepAsync() => await App.Services.GetRequiredService<GiftDeliverySweeper>().ExecuteAsync();

    /// <summary>A buyer fills "Give this course" and pays on Stripe's page; Stripe sends checkout.session.completed.</summary>
    private async Task<(BrowserlessClient Buyer, ApplicationUser BuyerUser, Gift Gift)> BoughtGiftAsync(string recipient, string? message = "For the quiet mornings.")
    {
        At(Now.AddDays(1));
        Day = GiftRules.Today(Now, Zone).AddDays(3);
        var (client, buyer) = await StudentAsync();
        var (opened, page) = await client.GetAsync("/gift");
        Assert.True(page.QuerySelector("form#gift-form") is not null, $"no gift form: {opened.StatusCode} {opened.Headers.Location} {App.Errors}");
        var response = await client.SubmitAsync(page, "form#gift-form", "/gift", new Dictionary<string, string>
        {
            ["Input.Email"] = recipient,
            ["Input.Message"] = message ?? "",
            ["Input.DeliverOn"] = Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{response.StatusCode}: {App.Errors}");
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("https://checkout.stripe.test/pay/", location);
        var sessionId = location[(location.LastIndexOf('/') + 1)..];
        var session = App.Stripe.Sessions.Single(s => (string?)s["id"] == sessionId);
        Assert.False(string.IsNullOrEmpty((string?)session["metadata"]!["gift_id"]));

        await PayAndNotifyAsync(sessionId);
        var (_, success) = await client.GetAsync($"/checkout/success?session_id={sessionId}");
        Assert.Contains("Your gift is ready", success.QuerySelector("h1")!.TextContent);
        return (client, buyer, await GiftOfAsync(buyer));
    }

    private async Task<Gift> GiftOfAsync(ApplicationUser buyer)
    {
        await using var db = App.Database.CreateContext();
        return await db.Gifts.AsNoTracking().SingleAsync(g => g.BuyerId == buyer.Id);
    }

    private IReadOnlyList<MimeMessage> GiftMailTo(string address) => [.. App.Mail.To(address).Where(m => m.Subject == GiftEmails.RecipientSubject)];

    private static string RedeemPath(MimeMessage mail)
    {
        var match = RedeemLink().Match(mail.TextBody ?? "");
        Assert.True(match.Success, "no redeem link in the gift email");
        Assert.StartsWith(AppFactory.PublicBaseUrl, match.Value);
        return new Uri(match.Value).AbsolutePath;
    }

    [GeneratedRegex(@"https://\S+/redeem/[A-Za-z0-9_-]+")]
    private static partial Regex RedeemLink();

    [Fact]
    public async Task A_gift_is_bought_delivered_on_its_morning_once_and_redeemed_once_with_the_drip_from_then()
    {
        var recipient = NewAddress();
        var (buyerClient, buyer, gift) = await BoughtGiftAsync(recipient);
        Assert.Equal(GiftStatus.Scheduled, gift.Status);
        Assert.Equal(Morning, gift.SendAt);
        Assert.Null(gift.TokenHash);
        // The buyer bought no access for herself.
        Assert.Null(await EnrollmentOfAsync(buyer));
        var (_, purchases) = await buyerClient.GetAsync("/purchases");
        Assert.Contains("arrives on", purchases.QuerySelector($"#gift-{gift.Id}")!.TextContent);

        At(Morning.AddMinutes(-1));
        Assert.Equal(0, (await SweepAsync()).Delivered);
        Assert.Empty(GiftMailTo(recipient));

        At(Morning.AddMinutes(1));
        var results = await Task.WhenAll(SweepAsync(), SweepAsync());
        Assert.Equal(1, results.Sum(r => r.Delivered));
        await SweepAsync();
        var mail = Assert.Single(GiftMailTo(recipient));
        Assert.DoesNotContain("$", mail.Subject);
        Assert.Contains("For the quiet mornings.", mail.TextBody);
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);
        var path = RedeemPath(mail);
        var token = path["/redeem/".Length..];
        gift = await GiftOfAsync(buyer);
        Assert.Equal((GiftStatus.Sent, 1), (gift.Status, gift.TimesSent));
        // Only the hash of the token is stored.
        Assert.Equal(GiftRules.Hash(token), gift.TokenHash);
        Assert.NotEqual(token, gift.TokenHash);
        var sentNote = Assert.Single(App.Mail.To(buyer.Email!), m => m.Subject == GiftEmails.SentSubject);
        Assert.DoesNotContain("$", sentNote.Subject);

        // The recipient has no account: she creates it on the redeem page and her course starts now.
        var redeemAt = Morning.AddDays(2).AddHours(3);
        At(redeemAt);
        var visitor = BrowserlessClient.Create(App);
        var (_, redeemPage) = await visitor.GetAsync(path);
        Assert.NotNull(redeemPage.QuerySelector("form#create-account"));
        Assert.Contains(recipient, redeemPage.DocumentElement.TextContent);
        var created = await visitor.SubmitAsync(redeemPage, "form#create-account", path,
            new Dictionary<string, string> { ["Input.Password"] = AppFactory.Password, ["Input.Name"] = "Ana" });
        Assert.True(created.StatusCode == HttpStatusCode.Redirect, $"{created.StatusCode}: {App.Errors}");
        Assert.Contains("learn", created.Headers.Location!.OriginalString);

        await using (var db = App.Database.CreateContext())
        {
            var her = await db.Users.SingleAsync(u => u.NormalizedEmail == recipient.ToUpperInvariant());
            Assert.True(her.EmailConfirmed);
            var enrollment = await db.Enrollments.SingleAsync(e => e.UserId == her.Id);
            Assert.Equal((EnrollmentStatus.Active, EnrollmentSource.Gift, redeemAt), (enrollment.Status, enrollment.Source, enrollment.StartedAt));
            var payment = await db.Payments.SingleAsync(p => p.Id == gift.PaymentId);
            Assert.Equal(enrollment.Id, payment.EnrollmentId);
            var redeemed = await db.Gifts.SingleAsync(g => g.Id == gift.Id);
            Assert.Equal((GiftStatus.Redeemed, her.Id), (redeemed.Status, redeemed.RedeemedById));
            Assert.Contains(await db.AuditEntries.Where(a => a.SubjectUserId == her.Id).Select(a => a.Action).ToListAsync(), a => a == AuditActions.Gift.Redeemed);
        }
        var (lesson, _) = await visitor.GetAsync("/learn/welcome");
        Assert.Equal(HttpStatusCode.OK, lesson.StatusCode);

        // The link works once.
        var (_, again) = await visitor.GetAsync(path);
        Assert.Contains("accepted", again.QuerySelector("h1")!.TextContent);
        Assert.Null(again.QuerySelector("form#accept-gift"));
        using (var scope = App.Services.CreateScope())
        {
            var herId = (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.SingleAsync(u => u.NormalizedEmail == recipient.ToUpperInvariant())).Id;
            Assert.Equal(RedeemOutcome.AlreadyRedeemed, await scope.ServiceProvider.GetRequiredService<GiftRedemption>().RedeemAsync(token, herId, Admin));
        }

        await SweepAsync();
        Assert.Single(App.Mail.To(buyer.Email!), m => m.Subject == GiftEmails.RedeemedSubject);
        Assert.Single(GiftMailTo(recipient));
        var actions = await AuditActionsAsync(buyer);
        Assert.Equal([AuditActions.Gift.Created, AuditActions.Payment.Completed, AuditActions.Gift.Scheduled, AuditActions.Gift.Sent],
            actions.Where(a => a.StartsWith(AuditActions.Gift.Prefix, StringComparison.Ordinal) || a.StartsWith(AuditActions.Payment.Prefix, StringComparison.Ordinal)));
        var (_, after) = await buyerClient.GetAsync("/purchases");
        Assert.Contains("accepted on", after.QuerySelector($"#gift-{gift.Id}")!.TextContent);
    }

    [Fact]
    public async Task The_link_is_refused_for_another_address_and_works_after_signing_in_with_the_named_one()
    {
        var recipient = NewAddress();
        var her = await App.CreateStudentAsync(recipient);
        var (_, buyer, _) = await BoughtGiftAsync(recipient, message: null);
        At(Morning.AddMinutes(1));
        await SweepAsync();
        var path = RedeemPath(Assert.Single(GiftMailTo(recipient)));
        var token = path["/redeem/".Length..];

        // Signed in as someone else: refused, and nothing changes.
        var (other, otherUser) = await StudentAsync();
        var (_, refused) = await other.GetAsync(path);
        Assert.NotNull(refused.QuerySelector("#other-account"));
        Assert.Null(refused.QuerySelector("form#accept-gift"));
        using (var scope = App.Services.CreateScope())
        {
            Assert.Equal(RedeemOutcome.OtherAccount, await scope.ServiceProvider.GetRequiredService<GiftRedemption>().RedeemAsync(token, otherUser.Id, Admin));
        }
        Assert.Null(await EnrollmentOfAsync(otherUser));
        Assert.Equal(GiftStatus.Sent, (await GiftOfAsync(buyer)).Status);

        // Not signed in: the named address has an account, so she is asked to sign in with it.
        var visitor = BrowserlessClient.Create(App);
        var (_, signIn) = await visitor.GetAsync(path);
        Assert.NotNull(signIn.QuerySelector("#sign-in-to-accept"));
        Assert.Null(signIn.QuerySelector("form#create-account"));

        await visitor.SignInAsync(recipient);
        var (_, ready) = await visitor.GetAsync(path);
        var accepted = await visitor.SubmitAsync(ready, "form#accept-gift", path);
        Assert.True(accepted.StatusCode == HttpStatusCode.Redirect, $"{accepted.StatusCode}: {App.Errors}");
        Assert.Equal((EnrollmentStatus.Active, EnrollmentSource.Gift), ((await EnrollmentOfAsync(her))!.Status, (await EnrollmentOfAsync(her))!.Source));
    }

    [Fact]
    public async Task A_gift_refunded_before_its_day_is_never_delivered_and_one_refunded_after_delivery_stops_its_link()
    {
        var early = NewAddress();
        var (buyerClient, buyer, gift) = await BoughtGiftAsync(early);
        using (var scope = App.Services.CreateScope())
        {
            var refund = await scope.ServiceProvider.GetRequiredService<RefundProcessor>().RefundAsync(gift.PaymentId, null, "Changed her mind", false, Admin);
            Assert.Equal(RefundStatus.Succeeded, refund.Status);
        }
        Assert.Equal(GiftStatus.Refunded, (await GiftOfAsync(buyer)).Status);
        At(Morning.AddMinutes(1));
        await SweepAsync();
        Assert.Empty(GiftMailTo(early));
        Assert.Contains(AuditActions.Gift.Ended, await AuditActionsAsync(buyer));
        var (_, purchases) = await buyerClient.GetAsync("/purchases");
        Assert.Contains("refunded before it was accepted", purchases.QuerySelector($"#gift-{gift.Id}")!.TextContent);

        // Delivered, then refunded (the buyer asked; an admin refunded): the link no longer works.
        var late = NewAddress();
        var (lateClient, lateBuyer, lateGift) = await BoughtGiftAsync(late);
        At(Morning.AddMinutes(1));
        await SweepAsync();
        var path = RedeemPath(Assert.Single(GiftMailTo(late)));
        var (_, mine) = await lateClient.GetAsync("/purchases");
        var asked = await lateClient.SubmitAsync(mine, $"form#request-refund-{lateGift.PaymentId}", "/purchases");
        Assert.Contains("refund-requested", asked.Headers.Location!.OriginalString);
        using (var scope = App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<RefundProcessor>().RefundAsync(lateGift.PaymentId, null, "Asked from her purchases page", false, Admin);
        }
        var visitor = BrowserlessClient.Create(App);
        var (_, dead) = await visitor.GetAsync(path);
        Assert.Contains("does not work", dead.QuerySelector("h1")!.TextContent);
        Assert.Null(dead.QuerySelector("form#create-account"));
        Assert.Equal(GiftStatus.Refunded, (await GiftOfAsync(lateBuyer)).Status);
    }

    [Fact]
    public async Task The_buyer_can_move_the_day_before_it_goes_out_and_send_it_again_with_a_new_link_after()
    {
        var recipient = NewAddress();
        var (client, buyer, gift) = await BoughtGiftAsync(recipient);
        var (_, page) = await client.GetAsync("/purchases");
        var later = Day.AddDays(5);
        var moved = await client.SubmitAsync(page, $"form#gift-date-{gift.Id}", "/purchases",
            new Dictionary<string, string> { ["DeliverOn"] = later.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Contains(AnxiousToSecure.Web.Features.Checkout.GiftEndpoints.DateChanged, moved.Headers.Location!.OriginalString);
        At(Morning.AddMinutes(1));
        await SweepAsync();
        Assert.Empty(GiftMailTo(recipient));
        var newMorning = GiftRules.DeliveryAt(later, Zone, MorningHour);
        Assert.Equal(newMorning, (await GiftOfAsync(buyer)).SendAt);
        Assert.Equal(new TimeOnly(8, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(newMorning, TimeZoneInfo.FindSystemTimeZoneById(Zone)).DateTime));
        At(newMorning.AddMinutes(1));
        await SweepAsync();
        var first = RedeemPath(Assert.Single(GiftMailTo(recipient)));

        (_, page) = await client.GetAsync("/purchases");
        Assert.Null(page.QuerySelector($"form#gift-date-{gift.Id}"));
        await client.SubmitAsync(page, $"form#gift-resend-{gift.Id}", "/purchases");
        await SweepAsync();
        var mails = GiftMailTo(recipient);
        Assert.Equal(2, mails.Count);
        var second = RedeemPath(mails[1]);
        Assert.NotEqual(first, second);
        var visitor = BrowserlessClient.Create(App);
        var (_, old) = await visitor.GetAsync(first);
        Assert.Contains("does not work", old.QuerySelector("h1")!.TextContent);
        var (_, current) = await visitor.GetAsync(second);
        Assert.NotNull(current.QuerySelector("form#create-account"));
        Assert.Contains(AuditActions.Gift.DateChanged, await AuditActionsAsync(buyer));
        Assert.Contains(AuditActions.Gift.ResendRequested, await AuditActionsAsync(buyer));
    }
}
