using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Admin;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Jobs;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.TestSupport;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Admin;

/// <summary>An app of its own: the card counts the whole database, so no other test may add to it.</summary>
public sealed class SystemCardAppFactory : AppFactory;

/// <summary>The dashboard's system card over real rows: email waiting and failed, Stripe events failed, the last sweep, the database.</summary>
[Trait("Category", "Admin")]
public sealed class SystemCardTests(SystemCardAppFactory app) : IClassFixture<SystemCardAppFactory>
{
    [Fact]
    public async Task The_card_shows_waiting_and_failed_email_failed_stripe_events_of_the_last_day_and_the_last_sweep()
    {
        var now = app.Clock.GetUtcNow();
        var admin = await app.SignInNewUserAsync(Roles.Admin);
        var (_, before) = await admin.GetAsync("/admin");
        Assert.Equal("never", before.QuerySelector("#last-sweep")?.TextContent);

        // A student eight days in (four lessons out): the sweep releases her lessons and sends her one email.
        var student = await app.CreateStudentAsync($"card{Guid.NewGuid():N}@example.com", now.AddDays(-8));
        await app.Services.GetRequiredService<DripSweeper>().ExecuteAsync();
        await using (var db = app.Database.CreateContext())
        {
            var releases = await db.LessonReleases.Where(r => r.Enrollment!.UserId == student.Id).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync();
            Assert.True(releases.Count >= 3, $"{releases.Count} releases");
            await db.LessonReleases.Where(r => r.Id == releases[0]).ExecuteUpdateAsync(r => r.SetProperty(x => x.EmailStatus, DripEmailStatus.Failed));
            await db.LessonReleases.Where(r => r.Id == releases[1] || r.Id == releases[2]).ExecuteUpdateAsync(r => r
                .SetProperty(x => x.EmailStatus, DripEmailStatus.Pending).SetProperty(x => x.NextAttemptAt, now.AddDays(1)));

            db.StripeEvents.AddRange(
                Event("evt_failed_recent", StripeEventState.Failed, now.AddHours(-2)),
                Event("evt_failed_old", StripeEventState.Failed, now.AddDays(-2)),
                Event("evt_processed", StripeEventState.Processed, now.AddMinutes(-5)));
            await db.SaveChangesAsync();
        }

        // Account email: one more waiting in its queue (no worker runs here; signing the admin and the
        // student up queued their own), one that gave up.
        var (_, middle) = await admin.GetAsync("/admin");
        var accountPendingBefore = int.Parse(middle.QuerySelector("#account-emails-pending")!.TextContent, System.Globalization.CultureInfo.InvariantCulture);
        app.Services.GetRequiredService<IAccountEmailQueue>().Enqueue(new AccountEmailRequest(AccountEmailKind.Confirmation, student.Id, null, null, null));
        // Created straight into Failed without the retry filter, which would otherwise schedule it again.
        new BackgroundJobClient(app.Services.GetRequiredService<JobStorage>(), new Hangfire.Common.JobFilterCollection()).Create<AccountEmailJob>(
            j => j.SendAsync(AccountEmailKind.Confirmation, student.Id, null, null, null, CancellationToken.None), new FailedState(new IOException("refused")));

        var (_, page) = await admin.GetAsync("/admin");
        string Figure(string id) => page.QuerySelector($"#{id}")?.TextContent.Trim() ?? $"(no #{id})";
        Assert.Equal("reachable", Figure("database"));
        Assert.Equal("2", Figure("lesson-emails-pending"));
        Assert.Equal("1", Figure("emails-failed"));
        Assert.Equal($"{accountPendingBefore + 1}", Figure("account-emails-pending"));
        Assert.Equal("1", Figure("account-emails-failed"));
        Assert.Equal("1", Figure("webhooks-failed"));
        // In the admin's own zone (she chose none: the course's), in the one style.
        Assert.Equal(TimeDisplay.DateTimeWithYear(now, TimeZoneInfo.FindSystemTimeZoneById("America/New_York")), Figure("last-sweep"));
    }

    [Fact]
    public async Task A_database_that_cannot_be_reached_is_reported_not_thrown()
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseNpgsql("Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none;Timeout=2");
        await using var db = new AppDbContext(options.Options);
        using var scope = app.Services.CreateScope();
        var status = new SystemStatus(db, scope.ServiceProvider.GetRequiredService<IAccountEmailBacklog>(),
            scope.ServiceProvider.GetRequiredService<IDripSweepLog>(), app.Clock);

        var figures = await status.GetAsync();

        Assert.False(figures.DatabaseReachable);
        Assert.Null(figures.LessonEmailsPending);
    }

    private static StripeEventRecord Event(string id, StripeEventState state, DateTimeOffset at) => new()
    {
        Id = $"{id}_{Guid.NewGuid():N}",
        Type = "checkout.session.completed",
        Created = at,
        ReceivedAt = at,
        Payload = "{}",
        State = state,
    };
}
