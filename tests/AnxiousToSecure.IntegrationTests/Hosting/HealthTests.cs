using System.Net;
using AnxiousToSecure.TestSupport;

namespace AnxiousToSecure.IntegrationTests.Hosting;

[Trait("Category", "Hosting")]
public sealed class HealthTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_report_healthy(string path)
    {
        var response = await app.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_page_has_the_care_footer_and_a_crisis_link()
    {
        var client = app.CreateClient();
        foreach (var path in new[] { "/", "/crisis", "/Account/Login", "/Account/Register" })
        {
            var html = await client.GetStringAsync(path);
            Assert.Contains("education, not therapy", html);
            Assert.Contains("href=\"crisis\"", html);
        }
    }
}
