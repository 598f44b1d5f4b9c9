using System.Net;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;

namespace AnxiousToSecure.IntegrationTests.Hosting;

[Trait("Category", "Hosting")]
public sealed class JobsDashboardTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_visitor_is_sent_to_sign_in()
    {
        var response = await BrowserlessClient.Create(app).Http.GetAsync("/admin/jobs");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData(Roles.Student)]
    [InlineData(Roles.Instructor)]
    public async Task Students_and_instructors_are_refused(string role)
    {
        var client = await app.SignInNewUserAsync(role);
        var response = await client.Http.GetAsync("/admin/jobs");
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden || response.Headers.Location?.OriginalString.Contains("AccessDenied") == true,
            $"{role} got {(int)response.StatusCode} {response.Headers.Location}");
    }

    [Fact]
    public async Task An_admin_sees_the_dashboard()
    {
        var client = await app.SignInNewUserAsync(Roles.Admin);
        var response = await client.Http.GetAsync("/admin/jobs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Background jobs", await response.Content.ReadAsStringAsync());
    }
}
