using System.Net;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Checkout;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Checkout;

/// <summary>Password hashing at its cheapest: the race below signs in a new student every round.</summary>
public sealed class QuickSignInAppFactory : AppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1));
    }
}

/// <summary>
/// The payment row lock, contended for real: five deliveries with distinct event ids (so the inbox
/// does not serialize them) and the success page, released together, round after round on one app.
/// </summary>
[Trait("Category", "Checkout")]
public sealed class FulfilmentRaceTests(QuickSignInAppFactory app) : PaymentHarness(app), IClassFixture<QuickSignInAppFactory>
{
    private const int Rounds = 50;

    [Fact]
    public async Task Five_distinct_events_and_the_success_page_at_once_give_one_payment_one_enrollment_and_one_audit_entry_every_round()
    {
        var problems = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            var (client, student) = await StudentAsync();
            var sessionId = await StartCheckoutAsync(client);
            var session = App.Stripe.Pay(sessionId);
            var events = Enumerable.Range(0, 5).Select(i => FakeStripe.Event("checkout.session.completed", session, Now, id: $"evt_race_{round}_{i}_{Guid.NewGuid():N}")).ToList();

            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var hooks = events.Select(json => Task.Run(async () => { await go.Task; return await PostEventAsync(json); })).ToList();
            var page = Task.Run(async () => { await go.Task; return await client.GetAsync($"/checkout/success?session_id={sessionId}"); });
            go.SetResult();
            var responses = await Task.WhenAll(hooks);
            var (pageResponse, pageDocument) = await page;

            var statuses = responses.Select(r => r.StatusCode).ToList();
            if (statuses.Any(s => s != HttpStatusCode.OK)) problems.Add($"round {round}: webhook answered {string.Join(",", statuses)}");
            var heading = pageDocument.QuerySelector("h1")?.TextContent ?? $"(status {(int)pageResponse.StatusCode})";
            if (!heading.Contains("You're in", StringComparison.Ordinal)) problems.Add($"round {round}: success page said {heading}");

            await using var db = App.Database.CreateContext();
            var payments = await db.Payments.CountAsync(p => p.UserId == student.Id);
            var enrollments = await db.Enrollments.Where(e => e.UserId == student.Id).Select(e => e.Status).ToListAsync();
            var completed = await db.AuditEntries.CountAsync(a => a.SubjectUserId == student.Id && a.Action == "payment.completed");
            if (payments != 1 || enrollments is not [EnrollmentStatus.Active] || completed != 1)
            {
                problems.Add($"round {round}: {payments} payments, enrollments [{string.Join(",", enrollments)}], {completed} payment.completed entries");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n" + App.Errors);
    }
}
