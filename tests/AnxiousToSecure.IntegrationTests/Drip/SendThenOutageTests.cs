using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Email;
using AnxiousToSecure.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AnxiousToSecure.IntegrationTests.Drip;

/// <summary>The app's database behind a relay that is cut for a few seconds just after a lesson email reaches the SMTP server.</summary>
public sealed class OutageAfterSendAppFactory : DatabaseOutageAppFactory
{
    private int armed;
    private int cuts;

    public int Cuts => Volatile.Read(ref cuts);

    public TimeSpan CutFor { get; } = TimeSpan.FromSeconds(3);

    /// <summary>The next lesson email that reaches the SMTP server cuts the database off for <see cref="CutFor"/>.</summary>
    public void CutAfterNextLessonEmail() => Volatile.Write(ref armed, 1);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.WrapEmailTransport((_, smtp) => new CutAfterSend(smtp, this)));
    }

    private sealed class CutAfterSend(IEmailTransport inner, OutageAfterSendAppFactory app) : IEmailTransport
    {
        public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
        {
            await inner.SendAsync(message, ct);
            if (!message.MessageId.StartsWith("lessons-", StringComparison.Ordinal) || Interlocked.Exchange(ref app.armed, 0) == 0) return;
            app.Relay.Cut();
            Interlocked.Increment(ref app.cuts);
            _ = Task.Delay(app.CutFor, CancellationToken.None).ContinueWith(_ => app.Relay.Restore(), TaskScheduler.Default);
        }
    }
}

/// <summary>
/// An email the SMTP server took just before the database went away is written as sent when the database is back,
/// and no later sweep sends it again.
/// </summary>
[Trait("Category", "Drip")]
public sealed class SendThenOutageTests : IAsyncLifetime
{
    private readonly OutageAfterSendAppFactory app = new();

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    /// <summary>
    /// One sweep, started again if it fails on a connection the outage broke (the pool keeps its idle connections,
    /// and each fails once when next used, as after a real restart; the recurring sweep would simply run again).
    /// </summary>
    private async Task SweepAsync(DripSweeper sweeper)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await sweeper.ExecuteAsync();
                return;
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
        var sweeper = app.Services.GetRequiredService<DripSweeper>();
        app.CutAfterNextLessonEmail();

        await SweepAsync(sweeper);

        Assert.Equal(1, app.Cuts);
        // Later sweeps, while the lease would still hold and after it has ended, find nothing to send.
        await SweepAsync(sweeper);
        app.Clock.Advance(new DripOptions().SendLease + TimeSpan.FromMinutes(1));
        await SweepAsync(sweeper);

        var mail = Assert.Single(app.Mail.To(student.Email!));
        Assert.Equal("Welcome: your course is open", mail.Subject);
        await using var db = app.Database.CreateContext();
        var row = await db.LessonReleases.AsNoTracking().SingleAsync(r => r.Enrollment!.UserId == student.Id);
        Assert.Equal(DripEmailStatus.Sent, row.EmailStatus);
        Assert.Equal(1, row.Attempts);
        Assert.Null(row.NextAttemptAt);
        Assert.NotNull((await db.Enrollments.AsNoTracking().SingleAsync(e => e.UserId == student.Id)).LastLessonEmailAt);
    }
}
