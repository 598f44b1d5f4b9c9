using System.Collections.Concurrent;
using System.Net;
using System.Text;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AnxiousToSecure.IntegrationTests.Hosting;

/// <summary>
/// The app with low limits, and a client address each request may claim in a header (test only: the
/// in-memory server has no remote address), so one test can play many clients.
/// </summary>
public class RateLimitedAppFactory : AppFactory
{
    public const string ClientHeader = "X-Test-Client-Ip";

    public ConcurrentQueue<string> Warnings { get; } = new();

    protected virtual int SignInWindowSeconds => 600;

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("RateLimits:SignIn:PerClient", "6"),
        new("RateLimits:SignIn:PerAccount", "3"),
        new("RateLimits:SignIn:WindowSeconds", SignInWindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        .. new[] { "TwoFactor", "Register", "ForgotPassword", "ResendConfirmation", "PasskeyOptions", "Unsubscribe", "StripeWebhook" }
            .SelectMany(action => new KeyValuePair<string, string>[] { new($"RateLimits:{action}:PerClient", "2"), new($"RateLimits:{action}:WindowSeconds", "600") }),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(new WarningLog(Warnings)));
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, ClientAddressFromHeader>());
    }

    public HttpClient ClientAt(string address)
    {
        var client = BrowserlessClient.Create(this).Http;
        client.DefaultRequestHeaders.Add(ClientHeader, address);
        return client;
    }

    public BrowserlessClient BrowserAt(string address) => new(ClientAt(address));

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[ClientHeader], out var address)) context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private sealed class WarningLog(ConcurrentQueue<string> warnings) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(warnings);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> warnings) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel == LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) warnings.Enqueue(formatter(state, exception));
            }
        }
    }
}

/// <summary>A sign-in limit window short enough for a test to outlast it.</summary>
public sealed class ShortWindowAppFactory : RateLimitedAppFactory
{
    protected override int SignInWindowSeconds => 1;
}

[Trait("Category", "Security")]
public sealed class RateLimitTests(RateLimitedAppFactory app) : IClassFixture<RateLimitedAppFactory>
{
    private static int lastAddress;

    /// <summary>Every test plays clients of its own, so the tests sharing the app never share a limit.</summary>
    private static string NewAddress() => $"198.51.100.{Interlocked.Increment(ref lastAddress)}";

    private static async Task<HttpResponseMessage> SignInAsync(BrowserlessClient client, string email, string password)
    {
        var (_, login) = await client.GetAsync("/Account/Login");
        return await client.SubmitAsync(login, "form#account", "/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
    }

    [Fact]
    public async Task A_burst_of_sign_ins_from_one_address_is_refused_with_429_and_Retry_After()
    {
        var address = NewAddress();
        var client = app.BrowserAt(address);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 8; i++)
        {
            // A different account each time: only the limit by address can stop these.
            last = await SignInAsync(client, $"nobody{Guid.NewGuid():N}@example.com", "some-wrong-password");
            statuses.Add(last.StatusCode);
        }

        Assert.All(statuses.Take(6), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.All(statuses.Skip(6), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        var retryAfter = int.Parse(Assert.Single(last.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 600);
        Assert.Contains("Too many attempts", await last.Content.ReadAsStringAsync());
        // The refusal is logged with the client named by a keyed hash, never by its address.
        Assert.Contains(app.Warnings, w => w.Contains("429") && w.Contains("SignIn") && w.Contains("client c-"));
        Assert.DoesNotContain(app.Warnings, w => w.Contains(address));

        // Reading the page is not limited, and another address is not affected.
        for (var i = 0; i < 10; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(app.BrowserAt(NewAddress()), "someone@example.com", "some-wrong-password")).StatusCode);
    }

    [Fact]
    public async Task Guesses_at_one_account_from_many_addresses_are_refused_before_the_account_locks()
    {
        var email = $"target{Guid.NewGuid():N}@example.com";
        var user = await app.CreateStudentAsync(email);
        // The same address however it is typed: Identity's normalised email is the key.
        string[] spellings = [email, email.ToUpperInvariant(), char.ToUpperInvariant(email[0]) + email[1..], email, email, email];
        var statuses = new List<HttpStatusCode>();
        foreach (var spelling in spellings)
        {
            statuses.Add((await SignInAsync(app.BrowserAt(NewAddress()), spelling, "not-her-password")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        await using var db = app.Database.CreateContext();
        var stored = await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id);
        Assert.Equal(3, stored.AccessFailedCount);
        Assert.Null(stored.LockoutEnd);
    }

    public static TheoryData<string, string> LimitedPosts() => new()
    {
        { "/Account/LoginWith2fa", "form" },
        { "/Account/LoginWithRecoveryCode", "form" },
        { "/Account/Register", "form" },
        { "/Account/ForgotPassword", "form" },
        { "/Account/ResendEmailConfirmation", "form" },
        { "/Account/PasskeyRequestOptions?username=someone%40example.com", "form" },
        { "/Account/PasskeyCreationOptions", "form" },
        { "/email/unsubscribe/one-click?token=not-a-token", "form" },
        { "/stripe/webhook", "json" },
    };

    [Theory]
    [MemberData(nameof(LimitedPosts))]
    public async Task Every_endpoint_an_outsider_could_hammer_answers_429_past_its_limit(string url, string body)
    {
        var client = app.ClientAt(NewAddress());
        HttpContent Content() => body == "json"
            ? new StringContent("{}", Encoding.UTF8, "application/json")
            : new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = $"x{Guid.NewGuid():N}@example.com" });

        var first = await client.PostAsync(url, Content());
        var second = await client.PostAsync(url, Content());
        var third = await client.PostAsync(url, Content());

        var statuses = $"{url}: {(int)first.StatusCode}, {(int)second.StatusCode}, {(int)third.StatusCode}\n{app.Errors}";
        Assert.True(first.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed), statuses);
        Assert.True(second.StatusCode != HttpStatusCode.TooManyRequests, statuses);
        Assert.True(third.StatusCode == HttpStatusCode.TooManyRequests, statuses);
        Assert.True(third.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"{url}: no Retry-After");
    }

    [Fact]
    public async Task Forgot_password_is_limited_per_account_whatever_the_address()
    {
        // Two posts per address are allowed; three addresses naming one account hit its limit of three.
        var email = $"mailbomb{Guid.NewGuid():N}@example.com";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var client = app.BrowserAt(NewAddress());
            var (_, page) = await client.GetAsync("/Account/ForgotPassword");
            statuses.Add((await client.SubmitAsync(page, "form[method=post]", "/Account/ForgotPassword",
                new Dictionary<string, string> { ["Input.Email"] = email })).StatusCode);
        }
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(3));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[3]);
    }
}

/// <summary>Lockout stays, but an outsider cannot keep her out: it needs more than one window, and a reset by email lifts it.</summary>
[Trait("Category", "Security")]
public sealed class LockoutTests(ShortWindowAppFactory app) : IClassFixture<ShortWindowAppFactory>
{
    [Fact]
    public async Task Lockout_still_follows_repeated_failures_and_a_password_reset_by_email_lifts_it()
    {
        var email = $"locked{Guid.NewGuid():N}@example.com";
        var user = await app.CreateStudentAsync(email);
        var client = app.BrowserAt("192.0.2.7");

        // Five failures (the lockout threshold), across two windows of the per-account limit.
        for (var i = 0; i < 5; i++)
        {
            if (i == 3) await Task.Delay(TimeSpan.FromSeconds(1.5));
            var (_, login) = await client.GetAsync("/Account/Login");
            var failed = await client.SubmitAsync(login, "form#account", "/Account/Login",
                new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "not-her-password" });
            Assert.NotEqual(HttpStatusCode.TooManyRequests, failed.StatusCode);
        }
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var (_, page) = await client.GetAsync("/Account/Login");
        var locked = await client.SubmitAsync(page, "form#account", "/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, locked.StatusCode);
        Assert.Contains("Account/Lockout", locked.Headers.Location!.OriginalString);

        // She follows the reset link from her mailbox (the token is the one the email carries).
        string code;
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync((await users.FindByIdAsync(user.Id))!)));
        }
        var link = $"/Account/ResetPassword?code={code}";
        var (_, resetPage) = await client.GetAsync(link);
        const string newPassword = "lantern harbour quietly folding";
        var reset = await client.SubmitAsync(resetPage, "form[method=post]", link, new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = newPassword,
            ["Input.ConfirmPassword"] = newPassword,
        });
        Assert.Contains("ResetPasswordConfirmation", reset.Headers.Location?.OriginalString);

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var again = app.BrowserAt("192.0.2.8");
        var (_, fresh) = await again.GetAsync("/Account/Login");
        var signedIn = await again.SubmitAsync(fresh, "form#account", "/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = newPassword });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.DoesNotContain("Lockout", signedIn.Headers.Location!.OriginalString);
    }
}
