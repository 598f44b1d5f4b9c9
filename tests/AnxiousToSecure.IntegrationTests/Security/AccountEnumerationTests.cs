using System.Net;
using System.Text.RegularExpressions;
using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Jobs;
using AnxiousToSecure.TestSupport;
using Hangfire;
using Hangfire.Storage.Monitoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Security;

/// <summary>Registration tells no one whether an address has an account; its owner hears that someone tried.</summary>
[Trait("Category", "Security")]
public sealed class RegistrationEnumerationTests(AccountEmailAppFactory app) : IClassFixture<AccountEmailAppFactory>
{
    [Fact]
    public async Task Registering_an_address_that_has_an_account_answers_exactly_like_a_new_one_and_the_owner_is_told()
    {
        var taken = $"taken{Guid.NewGuid():N}@example.com";
        var owner = await app.CreateStudentAsync(taken);
        var fresh = $"fresh{Guid.NewGuid():N}@example.com";

        var forTaken = await RegisterAsync(taken);
        var forFresh = await RegisterAsync(fresh);
        Assert.Equal(forFresh, forTaken);

        var told = await app.Mail.WaitForAsync(taken);
        Assert.Equal("Someone tried to register with your address", told.Subject);
        Assert.Contains(AppFactory.PublicBaseUrl + "/Account/Login", told.TextBody);
        Assert.Equal("Confirm your email address", (await app.Mail.WaitForAsync(fresh)).Subject);

        // Nothing changed for the owner: one account, her own password.
        await using var db = app.Database.CreateContext();
        Assert.Equal(owner.Id, (await db.Users.SingleAsync(u => u.NormalizedEmail == taken.ToUpperInvariant())).Id);
        await BrowserlessClient.Create(app).SignInAsync(taken);
    }

    /// <summary>What a visitor sees: the status, where it redirects, and the text of the page it lands on.</summary>
    private async Task<(HttpStatusCode, string?, string)> RegisterAsync(string email)
    {
        var client = BrowserlessClient.Create(app);
        var (_, form) = await client.GetAsync("/Account/Register");
        var answer = await client.SubmitAsync(form, "form#account", "/Account/Register", new Dictionary<string, string>
        {
            ["Input.Name"] = "Ana",
            ["Input.Email"] = email,
            ["Input.Password"] = "Another-calm-password-9",
            ["Input.ConfirmPassword"] = "Another-calm-password-9",
        });
        var location = answer.Headers.Location?.OriginalString;
        var (_, landing) = await client.GetAsync(location ?? "/Account/Register");
        return (answer.StatusCode, location, landing.QuerySelector("main")?.TextContent ?? landing.Body!.TextContent);
    }
}

/// <summary>
/// Reset and resend answer the same for any address and do the same work: one job on the account email
/// queue, nothing sent from the request. Here no worker runs, so what the request did stays to be seen.
/// </summary>
[Trait("Category", "Security")]
public sealed partial class AddressRequestEnumerationTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("/Account/ForgotPassword")]
    [InlineData("/Account/ResendEmailConfirmation")]
    public async Task A_known_and_an_unknown_address_get_the_same_answer_and_leave_the_same_trace(string path)
    {
        var known = $"known{Guid.NewGuid():N}@example.com";
        var user = await app.CreateStudentAsync(known);
        if (path.Contains("Resend"))
        {
            await using var db = app.Database.CreateContext();
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.EmailConfirmed, false));
        }
        var unknown = $"nobody{Guid.NewGuid():N}@example.com";
        var before = Queued().Count;

        var forKnown = await AskAsync(path, known);
        var forUnknown = await AskAsync(path, unknown);

        Assert.Equal(forKnown, forUnknown);
        Assert.Empty(app.Mail.To(known));
        var jobs = Queued().Skip(before).ToList();
        Assert.Equal(2, jobs.Count);
        Assert.Equal(jobs[0].Job.Args[0], jobs[1].Job.Args[0]);
        Assert.Equal([known, unknown], jobs.Select(j => (string?)j.Job.Args[2]));

        // The queue sends the one that has an account, and nothing for the other.
        foreach (var job in jobs) await RunAsync(job);
        Assert.Single(app.Mail.To(known));
        Assert.Empty(app.Mail.To(unknown));
    }

    [Fact]
    public async Task Queued_account_email_holds_no_token_the_token_is_made_when_it_is_sent()
    {
        var email = $"token{Guid.NewGuid():N}@example.com";
        await app.CreateStudentAsync(email);
        var before = Queued().Count;
        await AskAsync("/Account/ForgotPassword", email);
        var job = Assert.Single(Queued().Skip(before));

        await RunAsync(job);
        var code = Code().Match(Assert.Single(app.Mail.To(email)).TextBody!).Groups[1].Value;
        Assert.NotEmpty(code);

        await using var db = app.Database.CreateContext();
        var stored = await db.Database.SqlQueryRaw<string>("""SELECT invocationdata::text || ' ' || COALESCE(arguments::text, '') AS "Value" FROM hangfire.job""").ToListAsync();
        Assert.NotEmpty(stored);
        Assert.All(stored, s => Assert.DoesNotContain(code, s));
        Assert.All(stored, s => Assert.DoesNotContain("code=", s));
    }

    private async Task<(HttpStatusCode, string?, string)> AskAsync(string path, string email)
    {
        var client = BrowserlessClient.Create(app);
        var (_, form) = await client.GetAsync(path);
        var answer = await client.SubmitAsync(form, "form[method=post]", path, new Dictionary<string, string> { ["Input.Email"] = email });
        var body = await answer.Content.ReadAsStringAsync();
        var (_, landing) = await client.GetAsync(answer.Headers.Location?.OriginalString ?? path);
        var text = answer.StatusCode == HttpStatusCode.OK ? AngleSharpText(body) : landing.QuerySelector("main")?.TextContent ?? "";
        return (answer.StatusCode, answer.Headers.Location?.OriginalString, text);
    }

    private static string AngleSharpText(string html) =>
        new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).QuerySelector("main")?.TextContent ?? html;

    private List<EnqueuedJobDto> Queued() =>
        [.. app.Services.GetRequiredService<JobStorage>().GetMonitoringApi()
            .EnqueuedJobs(AccountEmailJob.Queue, 0, 1000).OrderBy(j => long.Parse(j.Key, System.Globalization.CultureInfo.InvariantCulture)).Select(j => j.Value)];

    /// <summary>What the worker does with the job.</summary>
    private async Task RunAsync(EnqueuedJobDto queued)
    {
        using var scope = app.Services.CreateScope();
        var args = queued.Job.Args;
        await scope.ServiceProvider.GetRequiredService<AccountEmailJob>()
            .SendAsync((AccountEmailKind)args[0], (string?)args[1], (string?)args[2], (CredentialChange?)args[3], (DateTimeOffset?)args[4], CancellationToken.None);
    }

    [GeneratedRegex(@"code=([A-Za-z0-9_\-]+)")]
    private static partial Regex Code();
}
