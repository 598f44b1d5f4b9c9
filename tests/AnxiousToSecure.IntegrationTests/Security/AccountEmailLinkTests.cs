using System.Net;
using System.Text.RegularExpressions;
using AnxiousToSecure.TestSupport;

namespace AnxiousToSecure.IntegrationTests.Security;

/// <summary>Development (AllowedHosts "*"), with account email sent by its queue: the Host header reaches the app.</summary>
public sealed class DevelopmentMailingAppFactory : AppFactory
{
    protected override bool LocalTestCheckout => true;

    protected override bool SendsAccountEmail => true;
}

/// <summary>Links in account emails come from Email:PublicBaseUrl, never from the request.</summary>
[Trait("Category", "Security")]
public sealed partial class AccountEmailLinkTests(DevelopmentMailingAppFactory app) : IClassFixture<DevelopmentMailingAppFactory>
{
    [Fact]
    public async Task A_forged_Host_on_forgot_password_still_sends_a_link_to_the_configured_address()
    {
        var email = $"host{Guid.NewGuid():N}@example.com";
        await app.CreateStudentAsync(email);
        var client = BrowserlessClient.Create(app);
        client.Http.DefaultRequestHeaders.Host = "evil.example";

        var (page, forgot) = await client.GetAsync("/Account/ForgotPassword");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var sent = await client.SubmitAsync(forgot, "form[method=post]", "/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = email });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        var message = await app.Mail.WaitForAsync(email);
        var links = Links().Matches(message.TextBody + " " + message.HtmlBody).Select(m => m.Value).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.StartsWith(AppFactory.PublicBaseUrl + "/Account/ResetPassword?code=", link));
        Assert.DoesNotContain("evil.example", message.TextBody + message.HtmlBody);
    }

    [GeneratedRegex(@"https?://[^\s""<]+")]
    private static partial Regex Links();
}

/// <summary>Outside Development the app answers only to the hosts in AllowedHosts.</summary>
[Trait("Category", "Security")]
public sealed class HostFilteringTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/Account/ForgotPassword")]
    public async Task A_request_for_a_foreign_host_gets_400(string path)
    {
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);

        using var forged = new HttpRequestMessage(HttpMethod.Get, path);
        forged.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(forged)).StatusCode);
    }
}
