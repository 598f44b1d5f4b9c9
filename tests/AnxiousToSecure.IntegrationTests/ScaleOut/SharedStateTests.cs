using System.Net;
using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.IntegrationTests.ScaleOut;

/// <summary>
/// Two real instances share what must be shared: the Data Protection key ring and the session rows
/// (a student signed in through one is recognised by the other), and the payment and inbox rows (a
/// webhook delivered to both at once fulfils once).
/// </summary>
[Trait("Category", "ScaleOut")]
[Collection(ScaleOutCollection.Name)]
public sealed class SharedStateTests(TwoInstances cluster)
{
    [Fact]
    public async Task A_student_signed_in_through_one_instance_is_recognised_by_the_other_and_her_session_row_is_shared()
    {
        var student = await cluster.Database.CreateUserAsync(Roles.Student, enrolledAt: DateTimeOffset.UtcNow.AddDays(-3));
        var cookies = new CookieContainer();
        var throughA = TwoInstances.Direct(cluster.A, cookies);
        var throughB = TwoInstances.Direct(cluster.B, cookies);

        await throughA.SignInAsync(student.Email!);

        await using (var db = cluster.Database.CreateContext())
        {
            Assert.Equal(1, await db.UserTokens.CountAsync(t => t.UserId == student.Id && t.LoginProvider == AccountSessions.Provider));
        }
        var (response, page) = await throughB.GetAsync("/Account/Manage");
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"instance b answered {(int)response.StatusCode} {response.Headers.Location} to a cookie instance a issued\n{cluster.Diagnostics()}");
        // Her own page, with her address in it, and the signed-in layout's sign-out form.
        Assert.Contains(page.QuerySelectorAll("input"), i => string.Equals(i.GetAttribute("value"), student.Email, StringComparison.OrdinalIgnoreCase));
        Assert.NotNull(page.QuerySelector("form[action$='Account/Logout']"));
        var (learn, _) = await throughB.GetAsync("/learn");
        Assert.Equal(HttpStatusCode.OK, learn.StatusCode);

        // Signing out through b ends the session row that both check.
        var (_, manage) = await throughB.GetAsync("/Account/Manage");
        var signOut = await throughB.SubmitAsync(manage, "form[action$='Account/Logout']", "/Account/Manage");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        await using (var db = cluster.Database.CreateContext())
        {
            Assert.Equal(0, await db.UserTokens.CountAsync(t => t.UserId == student.Id && t.LoginProvider == AccountSessions.Provider));
        }
    }

    [Fact]
    public async Task A_checkout_webhook_delivered_to_both_instances_at_once_fulfils_once_with_one_inbox_row_and_one_welcome_email()
    {
        var student = await cluster.Database.CreateUserAsync(Roles.Student);
        var browser = cluster.ThroughProxy();
        await browser.SignInAsync(student.Email!);
        var (_, course) = await browser.GetAsync("/");
        var enroll = await browser.SubmitAsync(course, "form#enroll", "/");
        Assert.True(enroll.StatusCode == HttpStatusCode.Redirect, $"Enroll answered {(int)enroll.StatusCode}\n{cluster.Diagnostics()}");
        var location = enroll.Headers.Location!.ToString();
        Assert.StartsWith("https://checkout.stripe.test/pay/", location);
        var sessionId = location[(location.LastIndexOf('/') + 1)..];

        // She pays; Stripe's delivery reaches both instances at the same moment, three times each.
        var eventId = $"evt_{Guid.NewGuid():N}";
        var json = FakeStripe.Event("checkout.session.completed", cluster.Stripe.Pay(sessionId), DateTimeOffset.UtcNow, eventId);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deliveries = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            using var http = new HttpClient { BaseAddress = cluster.Instances[i % 2].Url, Timeout = TimeSpan.FromSeconds(30) };
            using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
            content.Headers.Add("Stripe-Signature", FakeStripe.Sign(json, DateTimeOffset.UtcNow));
            await go.Task;
            using var response = await http.PostAsync("/stripe/webhook", content);
            return $"{(int)response.StatusCode} {(await response.Content.ReadAsStringAsync()).Trim()}";
        })).ToList();
        go.SetResult();
        var answers = await Task.WhenAll(deliveries);

        Assert.True(answers.All(a => a.StartsWith("200", StringComparison.Ordinal)), string.Join(" | ", answers) + "\n" + cluster.Diagnostics());
        await using (var db = cluster.Database.CreateContext())
        {
            Assert.Equal(1, await db.StripeEvents.CountAsync(e => e.Id == eventId));
            var payments = await db.Payments.Where(p => p.UserId == student.Id).Select(p => p.Status).ToListAsync();
            Assert.Equal(new[] { PaymentStatus.Paid }, payments);
            var enrollments = await db.Enrollments.Where(e => e.UserId == student.Id).Select(e => e.Status).ToListAsync();
            Assert.Equal(new[] { EnrollmentStatus.Active }, enrollments);
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.SubjectUserId == student.Id && a.Action == "payment.completed"));
        }

        // Her first lesson opens at once: its email comes from whichever instance swept, once.
        var welcome = await cluster.Mail.WaitForAsync(student.Email!, timeoutSeconds: 90);
        await WaitUntilAsync(async () =>
        {
            await using var db = cluster.Database.CreateContext();
            return !await db.LessonReleases.AnyAsync(r => r.Enrollment!.UserId == student.Id && r.EmailStatus == DripEmailStatus.Pending);
        }, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2));
        var mail = cluster.Mail.To(student.Email!);
        Assert.True(mail.Count == 1, $"{mail.Count} emails: {string.Join(" | ", mail.Select(m => $"{m.MessageId} {m.Subject}"))}");
        Assert.Equal(welcome.MessageId, mail[0].MessageId);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"Still not so after {timeout}.");
            await Task.Delay(200);
        }
    }
}
