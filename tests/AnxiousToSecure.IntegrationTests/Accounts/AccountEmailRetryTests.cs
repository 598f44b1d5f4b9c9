using System.Net;
using AnxiousToSecure.TestSupport;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Accounts;

/// <summary>An account email that cannot be sent right now is queued for retry, not lost.</summary>
[Trait("Category", "Accounts")]
public sealed class AccountEmailRetryTests : IAsyncLifetime
{
    private readonly AppFactory app = new();

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task A_confirmation_email_during_an_SMTP_outage_becomes_a_retried_job()
    {
        app.Mail.Outage();
        var client = BrowserlessClient.Create(app);
        var (_, page) = await client.GetAsync("/Account/Register");
        var registered = await client.SubmitAsync(page, "form#account", "/Account/Register", new Dictionary<string, string>
        {
            ["Input.Email"] = "outage@example.com",
            ["Input.Password"] = AppFactory.Password,
            ["Input.ConfirmPassword"] = AppFactory.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);

        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var queued = Assert.Single(monitoring.EnqueuedJobs("default", 0, 10));
        Assert.Equal("SendAsync", queued.Value.Job.Method.Name);

        // What the retry does once the server is back: the very message, delivered.
        app.Mail.Resume();
        var job = queued.Value.Job;
        var sender = app.Services.GetRequiredService<Core.Jobs.EmailDeliveryJob>();
        await sender.SendAsync((string)job.Args[0], CancellationToken.None);
        var message = Assert.Single(app.Mail.To("outage@example.com"));
        Assert.Equal("Confirm your email address", message.Subject);
    }
}
