using AnxiousToSecure.TestSupport;
using Microsoft.AspNetCore.Hosting;

namespace AnxiousToSecure.IntegrationTests.Care;

[Trait("Category", "Care")]
public sealed class CrisisPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_crisis_page_lists_the_configured_lines_and_a_directory()
    {
        using var configured = app.WithWebHostBuilder(b => b
            .UseSetting("Care:CrisisLines:5:Region", "Testland")
            .UseSetting("Care:CrisisLines:5:Contact", "call 4242, any hour"));
        var html = await configured.CreateClient().GetStringAsync("/crisis");

        Assert.Contains("<strong>Testland:</strong> call 4242, any hour", html);
        Assert.Contains("<strong>United Kingdom:</strong> 999", html);
        Assert.Contains("findahelpline.com", html);
    }

    [Fact]
    public async Task It_needs_no_sign_in_and_is_linked_from_the_lesson_pages_too()
    {
        var anonymous = BrowserlessClient.Create(app);
        var (response, page) = await anonymous.GetAsync("/crisis");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("immediate danger", page.DocumentElement.TextContent);

        var (student, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow());
        var (_, lesson) = await student.GetAsync("/learn/welcome");
        Assert.NotNull(lesson.QuerySelector("header a[href='crisis']"));
    }
}
