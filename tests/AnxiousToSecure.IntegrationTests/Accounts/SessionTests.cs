using AnxiousToSecure.Core.Admin;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Accounts;

/// <summary>
/// Sessions end when they should: at sign-out (on the server, so a copied cookie dies too), on "sign
/// out everywhere", at their absolute lifetime however active, and staff rights when the role goes.
/// Each test has its own app: they move its clock.
/// </summary>
[Trait("Category", "Security")]
public sealed class SessionTests : IAsyncLifetime
{
    private readonly SecurityAppFactory app = new();

    /// <summary>Past the stamp check's one-minute interval.</summary>
    private static readonly TimeSpan NextCheck = TimeSpan.FromSeconds(61);

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task After_sign_out_a_copy_of_the_old_cookie_is_refused_within_a_minute()
    {
        var email = $"s{Guid.NewGuid():N}@example.com";
        await app.CreateStudentAsync(email);
        var client = BrowserlessClient.Create(app);
        var cookie = await AccountSteps.SignInForCookieAsync(client, email);
        var copy = app.CookieCopy(cookie);
        Assert.Equal("200", await AccountSteps.WhereAsync(copy, "/Account/Manage"));

        await AccountSteps.SignOutAsync(client);
        app.Clock.Advance(NextCheck);

        Assert.StartsWith("/Account/Login", await AccountSteps.WhereAsync(copy, "/Account/Manage"));
        // Signing out here left her other sessions alone.
        var other = BrowserlessClient.Create(app);
        await other.SignInAsync(email);
        Assert.Equal("200", await AccountSteps.WhereAsync(other.Http, "/Account/Manage"));
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_her_sessions_on_every_device_and_tells_her()
    {
        var email = $"s{Guid.NewGuid():N}@example.com";
        await app.CreateStudentAsync(email);
        var laptop = BrowserlessClient.Create(app);
        await laptop.SignInAsync(email);
        var phone = BrowserlessClient.Create(app);
        await phone.SignInAsync(email);
        Assert.Equal("200", await AccountSteps.WhereAsync(phone.Http, "/Account/Manage"));

        var (_, manage) = await laptop.GetAsync("/Account/Manage");
        var done = await laptop.SubmitAsync(manage, "form#sign-out-everywhere", "/Account/Manage");
        Assert.Equal("/Account/Login?signedOut=everywhere", AccountSteps.Target(done));
        Assert.StartsWith("/Account/Login", await AccountSteps.WhereAsync(laptop.Http, "/Account/Manage"));
        app.Clock.Advance(NextCheck);

        Assert.StartsWith("/Account/Login", await AccountSteps.WhereAsync(phone.Http, "/Account/Manage"));
        await app.Mail.WaitForAsync(email, m => m.Subject == "A change to your account" && (m.TextBody ?? "").Contains("signed out on every device"));
    }

    [Fact]
    public async Task A_student_session_ends_after_30_days_however_active_she_is()
    {
        var email = $"s{Guid.NewGuid():N}@example.com";
        await app.CreateStudentAsync(email);
        var client = BrowserlessClient.Create(app);
        await client.SignInAsync(email);

        // Active every five days, so the sliding expiry never ends it: only the absolute lifetime does.
        for (var day = 5; day < 30; day += 5)
        {
            app.Clock.Advance(TimeSpan.FromDays(5));
            Assert.Equal("200", await AccountSteps.WhereAsync(client.Http, "/Account/Manage"));
        }
        app.Clock.Advance(TimeSpan.FromDays(5) - TimeSpan.FromMinutes(2)); // 29 days 23:58
        Assert.Equal("200", await AccountSteps.WhereAsync(client.Http, "/Account/Manage"));
        app.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.StartsWith("/Account/Login", await AccountSteps.WhereAsync(client.Http, "/Account/Manage"));
    }

    [Fact]
    public async Task A_staff_session_ends_after_12_hours_however_active_she_is()
    {
        var client = await app.SignInNewUserAsync(Roles.Admin);
        for (var hour = 3; hour < 12; hour += 3)
        {
            app.Clock.Advance(TimeSpan.FromHours(3));
            Assert.Equal("200", await AccountSteps.WhereAsync(client.Http, "/admin"));
        }
        app.Clock.Advance(TimeSpan.FromHours(3) - TimeSpan.FromMinutes(2)); // 11:58
        Assert.Equal("200", await AccountSteps.WhereAsync(client.Http, "/admin"));
        app.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.StartsWith("/Account/Login", await AccountSteps.WhereAsync(client.Http, "/admin"));
    }

    [Fact]
    public async Task Taking_the_instructor_role_away_ends_her_staff_access_within_a_minute()
    {
        var email = await app.CreateUserAsync(Roles.Instructor);
        var client = BrowserlessClient.Create(app);
        await client.SignInAsync(email);
        Assert.Equal("200", await AccountSteps.WhereAsync(client.Http, "/author"));

        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            await scope.ServiceProvider.GetRequiredService<RoleAdministration>()
                .SetRoleAsync(user.Id, Roles.Instructor, grant: false, new AuditNote(AuditActor.System, "left the team"));
        }
        app.Clock.Advance(NextCheck);

        Assert.StartsWith("/Account/AccessDenied", await AccountSteps.WhereAsync(client.Http, "/author"));
        // She is still signed in as herself, only without the role.
        Assert.Equal("200", await AccountSteps.WhereAsync(client.Http, "/Account/Manage"));
    }
}
