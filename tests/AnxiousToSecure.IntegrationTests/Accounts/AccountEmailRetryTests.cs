using System.Net;
using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Jobs;
using AnxiousToSecure.TestSupport;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Accounts;

/// <summary>An account email waits in its queue until the mail server takes it: an outage loses nothing.</summary>
[Trait("Category", "Accounts")]
public sealed class AccountEmailRetryTests : IAsyncLifetime
{
    private readonly AppFactory app = new();

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task A_confirmation_email_during_an_SMTP_outage_fails_its_try_and_is_sent_by_the_retry()
    {
        app.Mail.Outage();
        var client = BrowserlessClient.Create(app);
        var (_, page) = await client.GetAsync("/Account/Register");
        var registered = await client.SubmitAsync(page, "form#account", "/Account/Register", new Dictionary<string, string>
        {
            ["Input.Name"] = "Ana",
            ["Input.Email"] = "outage@example.com",
            ["Input.Password"] = AppFactory.Password,
            ["Input.ConfirmPassword"] = AppFactory.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);

        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var queued = Assert.Single(monitoring.EnqueuedJobs(AccountEmailJob.Queue, 0, 10)).Value.Job;
        Assert.Equal(nameof(AccountEmailJob.SendAsync), queued.Method.Name);
        Assert.Equal(AccountEmailKind.Confirmation, (AccountEmailKind)queued.Args[0]);

        // A try while the server is down throws, so Hangfire retries it; once it is back, the retry delivers.
        var job = app.Services.CreateScope().ServiceProvider.GetRequiredService<AccountEmailJob>();
        await Assert.ThrowsAnyAsync<Exception>(() => job.SendAsync((AccountEmailKind)queued.Args[0], (string?)queued.Args[1], (string?)queued.Args[2], (CredentialChange?)queued.Args[3], (DateTimeOffset?)queued.Args[4], CancellationToken.None));
        app.Mail.Resume();
        await job.SendAsync((AccountEmailKind)queued.Args[0], (string?)queued.Args[1], (string?)queued.Args[2], (CredentialChange?)queued.Args[3], (DateTimeOffset?)queued.Args[4], CancellationToken.None);
        var message = Assert.Single(app.Mail.To("outage@example.com"));
        Assert.Equal("Confirm your email address", message.Subject);
    }
}
