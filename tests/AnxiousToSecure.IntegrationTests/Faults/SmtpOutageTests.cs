using System.Globalization;
using System.Net;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Jobs;
using AnxiousToSecure.TestSupport;
using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace AnxiousToSecure.IntegrationTests.Faults;

/// <summary>
/// The mail server is down for an hour (the clock moved minute by minute): lesson email and account email
/// wait, retried with backoff and with their state visible, and each goes out exactly once after it is back.
/// </summary>
[Trait("Category", "Faults")]
public sealed class SmtpOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan OutageLength = TimeSpan.FromHours(1);
    private readonly AccountEmailAppFactory app = new();

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Lesson_and_account_email_wait_through_an_hour_without_SMTP_and_go_out_once_after()
    {
        app.Mail.Outage();
        var began = app.Clock.GetUtcNow();
        var student = await app.CreateStudentAsync($"drip{Guid.NewGuid():N}@example.com", began);
        var newcomer = $"new{Guid.NewGuid():N}@example.com";
        await RegisterAsync(newcomer);

        var storage = app.Services.GetRequiredService<JobStorage>();
        var jobs = app.Services.GetRequiredService<IBackgroundJobClient>();
        var sweeper = app.Services.GetRequiredService<DripSweeper>();
        // The confirmation's job fails its first try at once (the worker runs it) and is scheduled for a retry.
        var job = await WaitForRetryAsync(storage, retries: 1);
        var accountTries = 1;
        var accountDueAt = began + job.Delay;
        var lessonTries = 0;

        for (var minute = 0; minute <= OutageLength.TotalMinutes; minute++)
        {
            var now = began + TimeSpan.FromMinutes(minute);
            app.Clock.SetUtcNow(now);
            lessonTries += (await sweeper.ExecuteAsync()).Retrying;
            if (now >= accountDueAt)
            {
                // Its retry time has come on the moved clock: Hangfire's scheduler would enqueue it now.
                jobs.Requeue(job.Id);
                var again = await WaitForRetryAsync(storage, ++accountTries);
                accountDueAt = now + again.Delay;
            }
        }
        Assert.Empty(app.Mail.Messages);

        // Both wait, visibly: the lesson email pending with its attempts and error, the account email scheduled for its next retry.
        var row = await ReleaseOfAsync(student.Id);
        Assert.Equal(DripEmailStatus.Pending, row.EmailStatus);
        Assert.Equal(lessonTries, row.Attempts);
        Assert.NotNull(row.LastError);
        Assert.True(row.NextAttemptAt > app.Clock.GetUtcNow(), "the next try is in the future (backoff)");
        using (var connection = storage.GetConnection())
        {
            Assert.Equal(ScheduledState.StateName, connection.GetStateData(job.Id).Name);
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"in {OutageLength.TotalMinutes} min down: lesson email tried {lessonTries} times (next at +{(row.NextAttemptAt!.Value - began).TotalMinutes} min), " +
            $"account email tried {accountTries} times (next at +{(accountDueAt - began).TotalMinutes:F0} min)"));
        Assert.InRange(lessonTries, 3, 5);
        Assert.InRange(accountTries, 3, 9);

        app.Mail.Resume();
        app.Clock.SetUtcNow(row.NextAttemptAt.Value);
        Assert.Equal(1, (await sweeper.ExecuteAsync()).Sent);
        app.Clock.SetUtcNow(accountDueAt);
        jobs.Requeue(job.Id);
        await app.Mail.WaitForAsync(newcomer, m => m.Subject == "Confirm your email address");

        // Later sweeps send nothing more.
        app.Clock.SetUtcNow(app.Clock.GetUtcNow().AddHours(2));
        await sweeper.ExecuteAsync();
        await Task.Delay(500);
        Assert.Single(app.Mail.To(student.Email!));
        Assert.Single(app.Mail.To(newcomer));
        Assert.Equal(DripEmailStatus.Sent, (await ReleaseOfAsync(student.Id)).EmailStatus);
        using (var connection = storage.GetConnection())
        {
            Assert.Equal(SucceededState.StateName, connection.GetStateData(job.Id).Name);
        }
    }

    private async Task RegisterAsync(string email)
    {
        var client = BrowserlessClient.Create(app);
        var (_, page) = await client.GetAsync("/Account/Register");
        var registered = await client.SubmitAsync(page, "form#account", "/Account/Register", new Dictionary<string, string>
        {
            ["Input.Name"] = "Ana",
            ["Input.Email"] = email,
            ["Input.Password"] = AppFactory.Password,
            ["Input.ConfirmPassword"] = AppFactory.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
    }

    /// <summary>Waits until the account email job has failed <paramref name="retries"/> times and is scheduled again; its id and the wait Hangfire chose.</summary>
    private static async Task<(string Id, TimeSpan Delay)> WaitForRetryAsync(JobStorage storage, int retries)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var monitoring = storage.GetMonitoringApi();
            foreach (var (id, scheduled) in monitoring.ScheduledJobs(0, 10))
            {
                if (scheduled?.Job?.Type != typeof(AccountEmailJob) || scheduled.ScheduledAt is not { } from) continue;
                var at = scheduled.EnqueueAt;
                using var connection = storage.GetConnection();
                if (connection.GetJobParameter(id, "RetryCount") == retries.ToString(CultureInfo.InvariantCulture))
                {
                    return (id, at - from);
                }
            }
            Assert.True(DateTime.UtcNow < until, $"the account email job was not scheduled for retry {retries}");
            await Task.Delay(50);
        }
    }

    private async Task<LessonRelease> ReleaseOfAsync(string userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Core.Data.AppDbContext>();
        return await db.LessonReleases.AsNoTracking().SingleAsync(r => r.Enrollment!.UserId == userId);
    }
}
