using System.Net;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Accounts;

/// <summary>Staff pages need a sign-in with a second factor; a password alone is sent to set one up.</summary>
[Trait("Category", "Security")]
public sealed class StaffSecondFactorTests(SecurityAppFactory app) : IClassFixture<SecurityAppFactory>
{
    [Theory]
    [InlineData(Roles.Admin, "/admin")]
    [InlineData(Roles.Admin, "/admin/jobs")]
    [InlineData(Roles.Admin, "/author")]
    [InlineData(Roles.Instructor, "/author")]
    [InlineData(Roles.Instructor, "/author/lessons/1")]
    public async Task A_staff_sign_in_with_a_password_alone_is_sent_to_set_up_a_second_factor(string role, string page)
    {
        var email = await app.CreateUserAsync(role, secondFactor: false);
        var client = BrowserlessClient.Create(app);
        await client.SignInAsync(email);

        var where = await AccountSteps.WhereAsync(client.Http, page);
        Assert.Equal($"/Account/SecondFactorRequired?ReturnUrl={Uri.EscapeDataString(page)}", where);
        var (shown, setUp) = await client.GetAsync(where);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.NotNull(setUp.QuerySelector("a#set-up-authenticator"));
        Assert.NotNull(setUp.QuerySelector("a#add-passkey"));
        // Her own pages stay open.
        Assert.Equal("200", await AccountSteps.WhereAsync(client.Http, "/Account/Manage"));
    }

    [Fact]
    public async Task A_staff_sign_in_with_the_authenticator_code_opens_the_staff_pages()
    {
        var client = await app.SignInNewUserAsync(Roles.Admin);
        Assert.Equal("200", await AccountSteps.WhereAsync(client.Http, "/admin"));
        Assert.Equal("200", await AccountSteps.WhereAsync(client.Http, "/author"));
    }

    [Fact]
    public async Task Setting_up_an_authenticator_opens_the_admin_and_from_then_on_sign_in_asks_for_its_code()
    {
        var email = await app.CreateUserAsync(Roles.Admin, secondFactor: false);
        var client = BrowserlessClient.Create(app);
        await client.SignInAsync(email);

        var (_, enable) = await client.GetAsync("/Account/Manage/EnableAuthenticator");
        var key = enable.QuerySelector("kbd")!.TextContent.Replace(" ", "").ToUpperInvariant();
        var enabled = await AccountSteps.SubmitFormAsync(client, enable, "send-code", "/Account/Manage/EnableAuthenticator",
            new Dictionary<string, string> { ["Input.Code"] = Authenticators.Code(key) });
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode); // shows her recovery codes
        Assert.Equal("200", await AccountSteps.WhereAsync(client.Http, "/admin"));

        // A new sign-in: the password leads to the second step, a wrong code is refused, hers is let in.
        var next = BrowserlessClient.Create(app);
        var (_, login) = await next.GetAsync("/Account/Login");
        var password = await next.SubmitAsync(login, "form#account", "/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = AppFactory.Password });
        var second = password.Headers.Location!.OriginalString;
        Assert.Contains("/Account/LoginWith2fa", second);
        Assert.False(BrowserlessClient.SetsSignInCookie(password));
        var (_, form) = await next.GetAsync(second);
        var wrong = await next.SubmitAsync(form, "form#login-with-2fa", second,
            new Dictionary<string, string> { ["Input.TwoFactorCode"] = Authenticators.Code(key) == "000000" ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.NotEqual("200", await AccountSteps.WhereAsync(next.Http, "/admin"));
        Authenticators.Register(email, key);
        await next.SignInAsync(email);
        Assert.Equal("200", await AccountSteps.WhereAsync(next.Http, "/admin"));

        // The change is noticed: an email to her, an audit entry (she is staff), a warning line.
        await app.Mail.WaitForAsync(email, m => m.Subject == "A change to your account" && (m.TextBody ?? "").Contains("authenticator app was turned on"));
        await using var db = app.Database.CreateContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.Account.TwoFactorEnabled && e.ActorId == user.Id && e.SubjectUserId == user.Id));
        Assert.Contains(app.Warnings.Entries, w => w.Values.GetValueOrDefault("Change") == "TwoFactorEnabled" && w.Values.GetValueOrDefault("UserId") == user.Id
            && w.Values.ContainsKey("ClientTag"));
        Assert.Contains(app.Warnings.Entries, w => w.Message.StartsWith("Failed sign-in (authenticator code)", StringComparison.Ordinal) && w.Values.GetValueOrDefault("UserId") == user.Id);
    }

    /// <summary>A student may let a browser remember her second step; staff may not.</summary>
    [Theory]
    [InlineData(Roles.Instructor, true)]
    [InlineData(Roles.Admin, true)]
    [InlineData(Roles.Student, false)]
    public async Task Staff_are_asked_for_the_code_even_on_a_browser_they_told_to_remember(string role, bool asked)
    {
        var email = await app.CreateUserAsync(role);
        if (role == Roles.Student)
        {
            using var scope = app.Services.CreateScope();
            var user = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!;
            var key = Authenticators.NewKey();
            await DevAccountsSeeder.EnableAuthenticatorAsync(scope.ServiceProvider, user, key);
            Authenticators.Register(email, key);
        }
        var client = app.ClientKeepingEveryCookie();
        var (_, login) = await client.GetAsync("/Account/Login");
        var password = await client.SubmitAsync(login, "form#account", "/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = AppFactory.Password });
        var second = password.Headers.Location!.OriginalString;
        var (_, form) = await client.GetAsync(second);
        var signedIn = await client.SubmitAsync(form, "form#login-with-2fa", second,
            new Dictionary<string, string> { ["Input.TwoFactorCode"] = Authenticators.CodeFor(email), ["Input.RememberMachine"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains(signedIn.Headers.GetValues("Set-Cookie"), c => c.Contains("Identity.TwoFactorRememberMe="));
        await AccountSteps.SignOutAsync(client);

        var (_, again) = await client.GetAsync("/Account/Login");
        var next = await client.SubmitAsync(again, "form#account", "/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Equal(asked, AccountSteps.Target(next)!.StartsWith("/Account/LoginWith2fa", StringComparison.Ordinal));
        Assert.Equal(!asked, BrowserlessClient.SetsSignInCookie(next));
    }
}
