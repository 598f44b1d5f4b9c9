using System.Collections.Concurrent;
using System.Net;
using AngleSharp.Html.Dom;
using AnxiousToSecure.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace AnxiousToSecure.IntegrationTests.Accounts;

/// <summary>The real app, also keeping what it logs at Warning and above (with the structured values), for the security-event checks.</summary>
public sealed class SecurityAppFactory : AppFactory
{
    public WarningLog Warnings { get; } = new();

    /// <summary>Credential-change notices go through the account email queue, so its worker runs.</summary>
    protected override bool SendsAccountEmail => true;

    /// <summary>A short sign-in window, so a test can reach the lockout threshold across two windows of the per-account limit.</summary>
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => [new("RateLimits:SignIn:WindowSeconds", "2")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Warnings));
    }

    /// <summary>
    /// A browser whose cookies never expire by the wall clock: the app's clock starts in the past, so a
    /// persistent cookie it sets (a remembered browser) looks expired to an ordinary cookie container.
    /// </summary>
    public BrowserlessClient ClientKeepingEveryCookie() => new(CreateDefaultClient(ClientOptions.BaseAddress, new CookieJar()));

    private sealed class CookieJar : DelegatingHandler
    {
        private readonly Dictionary<string, string> cookies = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
            var response = await base.SendAsync(request, cancellationToken);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var set) ? set : [])
            {
                var pair = header.Split(';')[0];
                var (name, value) = (pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..]);
                if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)) cookies.Remove(name);
                else cookies[name] = value;
            }
            return response;
        }
    }

    /// <summary>A client that sends only the cookie it is given, as someone holding a copy of it would.</summary>
    public HttpClient CookieCopy(string cookie)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = ClientOptions.BaseAddress });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }
}

public sealed class WarningLog : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> entries = new();

    public sealed record Entry(string Category, string Message, IReadOnlyDictionary<string, string?> Values);

    public IReadOnlyList<Entry> Entries => [.. entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(WarningLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var values = (state as IEnumerable<KeyValuePair<string, object?>>)?.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString()) ?? [];
            log.entries.Enqueue(new Entry(category, formatter(state, exception), values));
        }
    }
}

/// <summary>Steps of the account pages that the security tests share.</summary>
public static class AccountSteps
{
    /// <summary>Signs in with a password alone and returns the sign-in cookie (name=value) the app set.</summary>
    public static async Task<string> SignInForCookieAsync(BrowserlessClient client, string email)
    {
        var (_, page) = await client.GetAsync("/Account/Login");
        var response = await client.SubmitAsync(page, "form#account", "/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("/Account/", response.Headers.Location!.OriginalString);
        return response.Headers.GetValues("Set-Cookie").Single(c => c.Contains("Identity.Application=")).Split(';')[0];
    }

    /// <summary>Posts the page's form that carries Blazor's handler name <paramref name="handler"/>.</summary>
    public static Task<HttpResponseMessage> SubmitFormAsync(BrowserlessClient client, IHtmlDocument page, string handler, string url, IDictionary<string, string>? fields = null)
    {
        var form = page.QuerySelectorAll("form").Single(f => f.QuerySelector($"input[name='_handler'][value='{handler}']") is not null);
        form.Id = "form-under-test";
        return client.SubmitAsync(page, "#form-under-test", url, fields);
    }

    public static async Task SignOutAsync(BrowserlessClient client)
    {
        var (_, page) = await client.GetAsync("/Account/Manage");
        var response = await client.SubmitAsync(page, "form[action='Account/Logout']", "/Account/Manage");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>Where a GET of <paramref name="url"/> goes: the redirect target, or "200" when the page answers.</summary>
    public static async Task<string> WhereAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        return response.StatusCode == HttpStatusCode.OK ? "200" : Target(response) ?? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The redirect's target as a local path and query (the app writes some as absolute URLs).</summary>
    public static string? Target(HttpResponseMessage response) => response.Headers.Location is not { } location ? null
        : location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
}
