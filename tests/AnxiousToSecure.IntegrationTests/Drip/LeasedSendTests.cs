using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Email;
using AnxiousToSecure.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AnxiousToSecure.IntegrationTests.Drip;

/// <summary>The app's database behind a relay the test can cut, and a hook run once just after the SMTP server takes a lesson email.</summary>
public sealed class AfterLessonEmailAppFactory : DatabaseOutageAppFactory
{
    private Func<Task>? once;

    /// <summary>Runs <paramref name="hook"/> after the next lesson email reaches the SMTP server, before the sweeper goes on.</summary>
    public void AfterNextLessonEmail(Func<Task> hook) => Volatile.Write(ref once, hook);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.WrapEmailTransport((_, smtp) => new Hooked(smtp, this)));
    }

    private sealed class Hooked(IEmailTransport inner, AfterLessonEmailAppFactory app) : IEmailTransport
    {
        public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
        {
            await inner.SendAsync(message, ct);
            if (message.MessageId.StartsWith("lessons-", StringComparison.Ordinal) && Interlocked.Exchange(ref app.once, null) is { } hook) await hook();
        }
    }
}

/// <summary>
/// A lesson email is leased while it is on its way: a database that goes away just after the SMTP server took it
/// does not make a later sweep send it again, and another sweeper does not send her a second email beside it.
/// </summary>
[Trait("Category", "Drip")]
public sealed class LeasedSendTests : IAsyncLifetime
{
    private readonly AfterLessonEmailAppFactory app = new();

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    private DripSweeper Sweeper => app.Services.GetRequiredService<DripSweeper>();

    /// <summary>
    /// One sweep, started again if it fails on a connection the outage broke (the pool keeps its idle connections,
    /// and each fails once when next used, as after a real restart; the recurring sweep would simply run again).
    /// </summary>
    private async Task<int> SweepAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await Sweeper.ExecuteAsync()).Sent;
            }
            catch (InvalidOperationException e) when (e.InnerException is NpgsqlException && attempt < 10)
            {
            }
        }
    }

    [Fact]
    public async Task A_lesson_email_sent_as_the_database_goes_away_is_recorded_once_it_is_back_and_never_sent_twice()
    {
        var student = await app.CreateStudentAsync($"s{Guid.NewGuid():N}@example.com", app.Clock.GetUtcNow());
        // A clock with ticks finer than PostgreSQL's microseconds, as a real one has: the sender still knows its own lease.
        app.Clock.Advance(TimeSpan.FromTicks(3));
        var cut = false;
        app.AfterNextLessonEmail(() =>
        {
            app.Relay.Cut();
            cut = true;
            _ = Task.Delay(TimeSpan.FromSeconds(3)).ContinueWith(_ => app.Relay.Restore(), TaskScheduler.Default);
            return Task.CompletedTask;
        });

        await SweepAsync();

        Assert.True(cut);
        // Later sweeps, while the lease would still hold and after it has ended, find nothing to send.
        Assert.Equal(0, await SweepAsync());
        app.Clock.Advance(new DripOptions().SendLease + TimeSpan.FromMinutes(1));
        Assert.Equal(0, await SweepAsync());

        var mail = Assert.Single(app.Mail.To(student.Email!));
        Assert.Equal("Welcome: your course is open", mail.Subject);
        await using var db = app.Database.CreateContext();
        var row = await db.LessonReleases.AsNoTracking().SingleAsync(r => r.Enrollment!.UserId == student.Id);
        Assert.Equal(DripEmailStatus.Sent, row.EmailStatus);
        Assert.Equal(1, row.Attempts);
        Assert.Null(row.NextAttemptAt);
        var enrollment = await db.Enrollments.AsNoTracking().SingleAsync(e => e.UserId == student.Id);
        Assert.NotNull(enrollment.LastLessonEmailAt);
        Assert.Null(enrollment.EmailLeasedUntil);
    }

    [Fact]
    public async Task A_lesson_that_falls_due_while_her_email_is_on_its_way_is_not_sent_beside_it_by_another_sweeper()
    {
        var student = await app.CreateStudentAsync($"s{Guid.NewGuid():N}@example.com", app.Clock.GetUtcNow());
        app.Clock.Advance(TimeSpan.FromTicks(3));
        var during = -1;
        app.AfterNextLessonEmail(async () =>
        {
            // As the release step of another instance would: her next lesson opens and its email is due now.
            await using (var db = app.Database.CreateContext())
            {
                var enrollment = await db.Enrollments.SingleAsync(e => e.UserId == student.Id);
                var taken = await db.LessonReleases.Where(r => r.EnrollmentId == enrollment.Id).Select(r => r.LessonId).ToListAsync();
                var lesson = await db.Lessons.Where(l => l.Published && !taken.Contains(l.Id)).OrderBy(l => l.Id).FirstAsync();
                db.LessonReleases.Add(new LessonRelease
                {
                    EnrollmentId = enrollment.Id, LessonId = lesson.Id, ReleasedAt = app.Clock.GetUtcNow(),
                    EmailStatus = DripEmailStatus.Pending, NextAttemptAt = app.Clock.GetUtcNow(),
                });
                await db.SaveChangesAsync();
            }
            // A second sweeper, while the first has not yet written that its email went.
            during = (await Sweeper.ExecuteAsync()).Sent;
        });

        Assert.Equal(1, await SweepAsync());

        Assert.Equal(0, during);
        Assert.Single(app.Mail.To(student.Email!));
        // The lesson that fell due waits for tomorrow morning: one lesson email a day.
        Assert.Equal(0, await SweepAsync());
        await using var check = app.Database.CreateContext();
        var waiting = await check.LessonReleases.AsNoTracking().SingleAsync(r => r.Enrollment!.UserId == student.Id && r.EmailStatus == DripEmailStatus.Pending);
        Assert.True(waiting.NextAttemptAt > app.Clock.GetUtcNow(), $"next attempt {waiting.NextAttemptAt}");
    }
}
