using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Web;
using AnxiousToSecure.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace AnxiousToSecure.IntegrationTests.Hosting;

/// <summary>
/// The app with everything turned up, as an operator chasing a problem might: its own categories at
/// Trace, the framework's (ASP.NET Core, EF Core's SQL, Hangfire) at Information, every line kept.
/// </summary>
public sealed class VerboseLogAppFactory : AccountEmailAppFactory
{
    public LogCapture Logs { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("Logging:LogLevel:Default", "Information"),
        new("Logging:LogLevel:Microsoft", "Information"),
        new("Logging:LogLevel:Microsoft.AspNetCore", "Information"),
        new("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Information"),
        new("Logging:LogLevel:Hangfire", "Information"),
        new("Logging:LogLevel:System.Net.Http", "Information"),
        new("Logging:LogLevel:AnxiousToSecure", "Trace"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}

/// <summary>A whole journey in one app, then a search of everything it logged: no address, password, journal text or token.</summary>
[Trait("Category", "Hosting")]
public sealed partial class NoSecretsInLogsTests(VerboseLogAppFactory app) : IClassFixture<VerboseLogAppFactory>
{
    [Fact]
    public async Task A_whole_journey_logs_no_personal_data_journal_text_or_token()
    {
        var id = Guid.NewGuid().ToString("N");
        var email = $"journey{id[..12]}@example.com";
        var name = $"Marisol{id[12..20]}";
        var password = $"Quiet-lake-{id[..10]}";
        var newPassword = $"Morning-tide-{id[10..20]}";
        var marker = $"my-private-marker-{id[20..]}";
        var secrets = new List<(string What, string Value)>
        {
            ("email", email), ("name", name), ("password", password), ("new password", newPassword), ("journal text", marker),
            ("Stripe secret key", FakeStripe.SecretKey), ("webhook secret", FakeStripe.WebhookSecret),
        };

        // Register, and confirm through the emailed link.
        var client = BrowserlessClient.Create(app);
        var (_, register) = await client.GetAsync("/Account/Register");
        var registered = await client.SubmitAsync(register, "form#account", "/Account/Register", new Dictionary<string, string>
        {
            ["Input.Name"] = name,
            ["Input.Email"] = email, ["Input.Password"] = password, ["Input.ConfirmPassword"] = password,
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var confirmation = LinkIn(await app.Mail.WaitForAsync(email, m => m.Subject == "Confirm your email address"));
        AddTokens(secrets, "confirmation", confirmation);
        var (confirmed, _) = await client.GetAsync(confirmation.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Contains("/Account/Login?confirmed=true", confirmed.Headers.Location!.OriginalString);

        // Sign in, keeping the session cookie's value.
        var (_, login) = await client.GetAsync("/Account/Login");
        var signedIn = await client.SubmitAsync(login, "form#account", "/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        foreach (var cookie in signedIn.Headers.GetValues("Set-Cookie"))
        {
            var value = cookie.Split(';')[0];
            secrets.Add(("cookie " + value[..value.IndexOf('=')], value[(value.IndexOf('=') + 1)..]));
        }

        // Buy the course at the fake Stripe; Stripe's signed event arrives.
        var (_, course) = await client.GetAsync("/");
        var enroll = await client.SubmitAsync(course, "form#enroll", "/");
        var pay = enroll.Headers.Location!.ToString();
        var sessionId = pay[(pay.LastIndexOf('/') + 1)..];
        var json = FakeStripe.Event("checkout.session.completed", app.Stripe.Pay(sessionId), app.Clock.GetUtcNow());
        var signature = FakeStripe.Sign(json, app.Clock.GetUtcNow());
        secrets.Add(("webhook signature", signature[(signature.IndexOf("v1=", StringComparison.Ordinal) + 3)..]));
        using (var content = new StringContent(json, Encoding.UTF8, "application/json"))
        {
            content.Headers.Add("Stripe-Signature", signature);
            var hook = await BrowserlessClient.Create(app).Http.PostAsync("/stripe/webhook", content);
            Assert.Equal(HttpStatusCode.OK, hook.StatusCode);
        }

        // Open the first lesson and write in her journal; then sign out.
        var (opened, lesson) = await client.GetAsync("/learn/welcome");
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var saved = await client.SubmitAsync(lesson, "form.journal-form", "/learn/welcome", new Dictionary<string, string> { ["text"] = marker });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var (_, after) = await client.GetAsync("/learn/welcome");
        Assert.Contains(marker, after.DocumentElement.TextContent);
        var signedOut = await client.SubmitAsync(after, "form[action='Account/Logout']", "/learn/welcome");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        // Forgot her password: reset it through the emailed link, and sign in with the new one.
        var (_, forgot) = await client.GetAsync("/Account/ForgotPassword");
        await client.SubmitAsync(forgot, "form[method=post]", "/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = email });
        var reset = LinkIn(await app.Mail.WaitForAsync(email, m => m.Subject == "Reset your password"));
        AddTokens(secrets, "reset", reset);
        var (_, resetPage) = await client.GetAsync(reset.PathAndQuery);
        var done = await client.SubmitAsync(resetPage, "form[method=post]", reset.PathAndQuery, new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = newPassword, ["Input.ConfirmPassword"] = newPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        await BrowserlessClient.Create(app).SignInAsync(email, newPassword);

        var lines = app.Logs.Lines;
        Assert.True(lines.Count > 100, $"only {lines.Count} lines were captured: is the capture at the levels it should be?");
        var leaks = (from s in secrets
                     from line in lines
                     where line.Contains(s.Value, StringComparison.OrdinalIgnoreCase)
                     select $"{s.What} in: {line[..Math.Min(line.Length, 400)]}").ToList();
        Assert.True(leaks.Count == 0, string.Join("\n\n", leaks.Distinct()));
    }

    /// <summary>The token of a link as it travels (Base64url) and as Identity made it.</summary>
    private static void AddTokens(List<(string What, string Value)> secrets, string what, Uri link)
    {
        var code = HttpUtility.ParseQueryString(link.Query)["code"]!;
        secrets.Add(($"{what} code", code));
        secrets.Add(($"{what} token", Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code))));
    }

    private static Uri LinkIn(MimeKit.MimeMessage message) => new(Link().Match(message.TextBody ?? "").Value);

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}
