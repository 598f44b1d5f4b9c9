using System.Net;
using AnxiousToSecure.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.IntegrationTests.Accounts;

[Trait("Category", "Accounts")]
public sealed class ProfileTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_student_sets_her_time_zone_and_the_outline_uses_it()
    {
        var (client, student) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow());

        var (_, profile) = await client.GetAsync("/Account/Manage");
        var saved = await client.SubmitAsync(profile, "form#profile", "/Account/Manage",
            new Dictionary<string, string> { ["Input.DisplayName"] = "Maya", ["Input.TimeZone"] = "Asia/Tokyo" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        await using (var db = app.Database.CreateContext())
        {
            var user = await db.Users.SingleAsync(u => u.Id == student.Id);
            Assert.Equal(("Maya", "Asia/Tokyo"), (user.DisplayName, user.TimeZone));
        }
        var (_, outline) = await client.GetAsync("/learn/outline");
        Assert.Contains("Asia/Tokyo", outline.DocumentElement.TextContent);
    }

    [Fact]
    public async Task An_unknown_time_zone_is_refused_and_nothing_changes()
    {
        var (client, student) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow(), timeZone: "Europe/London");

        var (_, profile) = await client.GetAsync("/Account/Manage");
        var refused = await client.SubmitAsync(profile, "form#profile", "/Account/Manage", new Dictionary<string, string> { ["Input.TimeZone"] = "Mars/Olympus" });
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var (_, said) = await client.GetAsync(refused.Headers.Location!.OriginalString);
        Assert.Contains("'Mars/Olympus' is not a time zone we know", said.DocumentElement.TextContent);

        await using var db = app.Database.CreateContext();
        Assert.Equal("Europe/London", (await db.Users.SingleAsync(u => u.Id == student.Id)).TimeZone);
    }
}
