using System.Net;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;

namespace AnxiousToSecure.BrowserTests.Infrastructure;

/// <summary>
/// The real app on a real port (Kestrel), with its own PostgreSQL database, an SMTP server that
/// keeps what it gets, the fake Stripe API and a clock the tests move; and one headless Chromium.
/// </summary>
public sealed class BrowserApp : AppFactory
{
    /// <summary>Debian's Chromium, launched as ENVIRONMENT-NOTES describes; nothing is downloaded.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    /// <summary>Over https with a certificate of the tests' own: outside Development the app's cookies are Secure.</summary>
    public BrowserApp() => UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(TestCertificates.Server)));

    protected override bool SendsAccountEmail => true;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the app listens, e.g. https://127.0.0.1:41234 (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The fake Stripe sends the browser to its own checkout host, which the form-action policy must allow.</summary>
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => [new("SecurityHeaders:CheckoutOrigin", "https://checkout.stripe.test")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Outside Development the framework's own files (blazor.web.js, bundled CSS, component
        // scripts) are only found through the build's static web assets manifest: a browser needs them.
        builder.UseStaticWebAssets();
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync(); // starts the fake Stripe, the database, then the app
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // The test certificate is nobody's CA: Chromium is told to accept it (the tests trust their own server).
            Args = ["--ignore-certificate-errors", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
        // Auto-retrying assertions wait this long for the page to catch up (2 cores, a build beside it).
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    public override async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>An HTTP client for requests the browser does not make (Stripe's webhook): it trusts this server's certificate alone.</summary>
    public HttpClient CreateHttpsClient() => new(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == TestCertificates.Server.Thumbprint,
    });

    /// <summary>A link from an email (written for the configured public address) on this server.</summary>
    public string Local(string link) => BaseUrl + new Uri(link).PathAndQuery;

    /// <summary>Runs the drip sweep now, on the test clock, as the recurring job would.</summary>
    public Task<SweepResult> SweepAsync() => Services.GetRequiredService<DripSweeper>().ExecuteAsync();

    /// <summary>Waits for a message to <paramref name="address"/> whose subject matches (SMTP delivery is a real conversation).</summary>
    public async Task<MimeMessage> MailAsync(string address, Func<MimeMessage, bool> match)
    {
        for (var i = 0; i < 100; i++)
        {
            if (Mail.To(address).FirstOrDefault(match) is { } found) return found;
            await Task.Delay(100);
        }
        throw new TimeoutException($"No matching email to {address}; received: {string.Join(" | ", Mail.To(address).Select(m => m.Subject))}");
    }

    /// <summary>Waits for the message after the first <paramref name="seen"/> ones to <paramref name="address"/>.</summary>
    public async Task<MimeMessage> NextMailAsync(string address, int seen)
    {
        for (var i = 0; i < 100; i++)
        {
            var all = Mail.To(address);
            if (all.Count > seen) return all[seen];
            await Task.Delay(100);
        }
        throw new TimeoutException($"No new email to {address} after {seen}.");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "browser";
}
