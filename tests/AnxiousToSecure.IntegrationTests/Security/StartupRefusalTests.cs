using AnxiousToSecure.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AnxiousToSecure.IntegrationTests.Security;

/// <summary>
/// Outside Development the app refuses to start when a setting leaves it open, and says which setting.
/// Each case starts from a configuration that starts (the first test) and spoils one setting.
/// </summary>
[Trait("Category", "Security")]
public sealed class StartupRefusalTests
{
    private static Dictionary<string, string?> Production() => new()
    {
        // Nothing here reaches the database at start.
        ["ConnectionStrings:Default"] = "Host=127.0.0.1;Port=9;Database=none;Username=none;Password=none",
        ["AllowedHosts"] = "courses.example.com",
        ["Email:PublicBaseUrl"] = "https://courses.example.com",
        ["Smtp:Host"] = "127.0.0.1",
        ["Stripe:SecretKey"] = FakeStripe.SecretKey,
        ["Stripe:WebhookSecret"] = FakeStripe.WebhookSecret,
        ["DataProtection:KeyCertificatePath"] = TestCertificates.KeyRingPath,
        ["DataProtection:KeyCertificatePassword"] = TestCertificates.KeyRingPassword,
        ["Jobs:RunServer"] = "false",
    };

    [Fact]
    public void The_production_configuration_of_these_tests_starts() => Assert.Null(StartFailure(Production()));

    [Theory]
    [InlineData("AllowedHosts", "*", "'AllowedHosts'")]
    [InlineData("AllowedHosts", "courses.example.com;*", "'AllowedHosts'")]
    [InlineData("AllowedHosts", null, "'AllowedHosts'")]
    [InlineData("Email:PublicBaseUrl", "http://courses.example.com", "'Email:PublicBaseUrl'")]
    [InlineData("DataProtection:KeyCertificatePath", null, "'DataProtection:KeyCertificatePath'")]
    [InlineData("DataProtection:KeyCertificatePath", "/nowhere/keys.pfx", "'DataProtection:KeyCertificatePath'")]
    [InlineData("Proxy:KnownProxies:0", "proxy.internal", "'Proxy:KnownProxies:0'")]
    [InlineData("Proxy:KnownNetworks:0", "10.0.0.0", "'Proxy:KnownNetworks:0'")]
    public void A_setting_that_leaves_the_site_open_stops_the_start_and_is_named(string key, string? value, string named)
    {
        var settings = Production();
        settings[key] = value;
        var failure = StartFailure(settings);
        Assert.NotNull(failure);
        Assert.Contains(named, failure.ToString());
    }

    [Theory]
    [InlineData("00:01:59", "30")]
    [InlineData("00:03:00", "60")]
    public void A_send_lease_too_short_for_two_SMTP_timeouts_in_half_of_it_stops_the_start_and_is_named(string lease, string smtpTimeout)
    {
        var settings = Production();
        settings["Drip:SendLease"] = lease;
        settings["Smtp:TimeoutSeconds"] = smtpTimeout;
        Assert.Contains("'Drip:SendLease'", StartFailure(settings)?.ToString());
        settings["Drip:SendLease"] = TimeSpan.FromSeconds(4 * int.Parse(smtpTimeout, System.Globalization.CultureInfo.InvariantCulture)).ToString();
        Assert.Null(StartFailure(settings));
    }

    [Fact]
    public void Development_may_answer_any_host_over_plain_http()
    {
        var settings = Production();
        settings["AllowedHosts"] = "*";
        settings["Email:PublicBaseUrl"] = "http://localhost:5000";
        settings["DataProtection:KeyCertificatePath"] = null;
        settings["DevAccounts:Seed"] = "false";
        Assert.Null(StartFailure(settings, "Development"));
    }

    private static Exception? StartFailure(Dictionary<string, string?> settings, string environment = "Production")
    {
        using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment(environment);
            // A null value removes what appsettings.json says, as an unset environment variable would leave nothing.
            foreach (var (key, value) in settings) b.UseSetting(key, value ?? "");
        });
        return Record.Exception(() => app.Services);
    }
}
