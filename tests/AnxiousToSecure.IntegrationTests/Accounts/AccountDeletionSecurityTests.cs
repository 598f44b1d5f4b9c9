using System.Net;
using System.Text.Json;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.TestSupport;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Accounts;

/// <summary>
/// Deleting an account leaves nothing waiting to email her, the site keeps its last admin, and her
/// data download holds what the audit log says about her.
/// </summary>
[Trait("Category", "Security")]
public sealed class AccountDeletionSecurityTests : IAsyncLifetime
{
    private readonly AppFactory app = new();

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    /// <summary>
    /// Every job Hangfire would still run (queued or scheduled, and still in that state by its own record: a
    /// deleted job's queue entry stays until a worker passes it by), with its arguments as text.
    /// </summary>
    private List<(string Id, string Args)> PendingJobs()
    {
        var storage = app.Services.GetRequiredService<JobStorage>();
        var monitoring = storage.GetMonitoringApi();
        using var connection = storage.GetConnection();
        var jobs = monitoring.Queues().SelectMany(q => monitoring.EnqueuedJobs(q.Name, 0, 1000).Select(j => (j.Key, j.Value.Job)))
            .Concat(monitoring.ScheduledJobs(0, 1000).Select(j => (j.Key, j.Value.Job)))
            .Where(j => connection.GetJobData(j.Key)?.State is "Enqueued" or "Scheduled")
            .ToList();
        return [.. jobs.Select(j => (j.Key, string.Join('\n', j.Job.Args.Select(a => a is string s ? s : JsonSerializer.Serialize(a?.ToString())))))];
    }

    private static bool Names(string args, ApplicationUser user) =>
        args.Contains(user.Id, StringComparison.OrdinalIgnoreCase) || args.Contains(user.Email!, StringComparison.OrdinalIgnoreCase)
        || args.Contains(JsonSerializer.Serialize(user.Email)[1..^1], StringComparison.OrdinalIgnoreCase);

    private async Task AskForPasswordResetAsync(string email)
    {
        var client = BrowserlessClient.Create(app);
        var (_, page) = await client.GetAsync("/Account/ForgotPassword");
        var response = await client.SubmitAsync(page, "main form", "/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = email });
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"forgot password answered {(int)response.StatusCode}");
    }

    private static async Task<HttpResponseMessage> DeleteAccountAsync(BrowserlessClient client)
    {
        var (_, page) = await client.GetAsync("/Account/Manage/DeletePersonalData");
        return await client.SubmitAsync(page, "form#delete-account", "/Account/Manage/DeletePersonalData",
            new Dictionary<string, string> { ["Input.Password"] = AppFactory.Password });
    }

    [Fact]
    public async Task Deleting_her_account_removes_the_jobs_waiting_to_email_her_and_her_pending_lesson_emails()
    {
        // A plus address: inside a serialized message its "+" is escaped, and must still be found.
        var her = await app.CreateStudentAsync($"her+{Guid.NewGuid():N}@example.com", app.Clock.GetUtcNow());
        var other = await app.CreateStudentAsync($"other{Guid.NewGuid():N}@example.com", app.Clock.GetUtcNow());
        app.Mail.Outage();
        await app.Services.GetRequiredService<DripSweeper>().ExecuteAsync();
        await AskForPasswordResetAsync(her.Email!);
        await AskForPasswordResetAsync(other.Email!);
        // A retry waiting for its time, naming her by id.
        var scheduled = app.Services.GetRequiredService<IBackgroundJobClient>().Schedule(() => Console.WriteLine(her.Id), TimeSpan.FromHours(1));
        Assert.Contains(PendingJobs(), j => Names(j.Args, her) && j.Id != scheduled);
        Assert.Contains(PendingJobs(), j => Names(j.Args, other));
        await using (var db = app.Database.CreateContext())
        {
            Assert.True(await db.LessonReleases.AnyAsync(r => r.Enrollment!.UserId == her.Id && r.EmailStatus != DripEmailStatus.Sent));
        }

        var client = BrowserlessClient.Create(app);
        await client.SignInAsync(her.Email!);
        Assert.Equal(HttpStatusCode.Redirect, (await DeleteAccountAsync(client)).StatusCode);

        Assert.DoesNotContain(PendingJobs(), j => Names(j.Args, her));
        Assert.Contains(PendingJobs(), j => Names(j.Args, other));
        using (var connection = app.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            Assert.Equal("Deleted", connection.GetStateData(scheduled).Name);
        }
        await using (var db = app.Database.CreateContext())
        {
            Assert.False(await db.Users.AnyAsync(u => u.Id == her.Id));
            Assert.False(await db.LessonReleases.AnyAsync(r => r.Enrollment!.UserId == her.Id));
            Assert.True(await db.LessonReleases.AnyAsync(r => r.Enrollment!.UserId == other.Id));
        }
    }

    [Fact]
    public async Task The_last_admin_cannot_delete_her_account_and_is_told_why()
    {
        var email = await app.CreateUserAsync(Roles.Admin);
        var admin = BrowserlessClient.Create(app);
        await admin.SignInAsync(email);

        var refused = await DeleteAccountAsync(admin);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("You are the only admin: make someone else an admin before you delete your account", await refused.Content.ReadAsStringAsync());
        await using (var db = app.Database.CreateContext()) Assert.True(await db.Users.AnyAsync(u => u.Email == email));

        // With a second admin she may go.
        await app.CreateUserAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.Redirect, (await DeleteAccountAsync(admin)).StatusCode);
        await using (var db = app.Database.CreateContext()) Assert.False(await db.Users.AnyAsync(u => u.Email == email));
    }

    [Fact]
    public async Task Download_my_data_includes_the_audit_entries_about_her_and_no_one_elses()
    {
        var (student, her) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow());
        var someoneElse = await app.CreateStudentAsync($"else{Guid.NewGuid():N}@example.com");
        var adminEmail = await app.CreateUserAsync(Roles.Admin);
        var admin = BrowserlessClient.Create(app);
        await admin.SignInAsync(adminEmail);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync($"/admin/students/{her.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync($"/admin/students/{someoneElse.Id}")).StatusCode);
        int aboutHer;
        await using (var db = app.Database.CreateContext()) aboutHer = await db.AuditEntries.CountAsync(a => a.SubjectUserId == her.Id);
        Assert.True(aboutHer >= 1, "the admin's visit to her page is not in the log");

        var (_, page) = await student.GetAsync("/Account/Manage/PersonalData");
        var response = await student.SubmitAsync(page, "form#download-data", "/Account/Manage/PersonalData");
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);

        var audit = json.RootElement.GetProperty("Audit").EnumerateArray().ToList();
        Assert.Equal(aboutHer, audit.Count);
        var viewed = Assert.Single(audit, a => a.GetProperty("Action").GetString() == AuditActions.Student.Viewed);
        Assert.Equal("course staff", viewed.GetProperty("Actor").GetString());
        Assert.Equal($"user:{her.Id}", viewed.GetProperty("Target").GetString());
        Assert.DoesNotContain(adminEmail, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(someoneElse.Id, text, StringComparison.Ordinal);
    }
}
