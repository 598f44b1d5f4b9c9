using System.Net;
using System.Text.RegularExpressions;
using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.Core.Smtp;
using AnxiousToSecure.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.IntegrationTests.Accounts;

[Trait("Category", "Accounts")]
public sealed partial class AccountTests(AccountEmailAppFactory app) : IClassFixture<AccountEmailAppFactory>
{
    [Fact]
    public async Task Registration_sends_a_confirmation_email_whose_link_confirms_the_account()
    {
        var email = $"new{Guid.NewGuid():N}@example.com";
        var client = BrowserlessClient.Create(app);
        var (_, form) = await client.GetAsync("/Account/Register");
        var registered = await client.SubmitAsync(form, "form#account", "/Account/Register", new Dictionary<string, string>
        {
            ["Input.Name"] = "Ana",
            ["Input.Email"] = email,
            ["Input.Password"] = AppFactory.Password,
            ["Input.ConfirmPassword"] = AppFactory.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var (_, confirmation) = await client.GetAsync(registered.Headers.Location!.OriginalString);
        Assert.Contains("sent an email with a link", confirmation.DocumentElement.TextContent);

        // Not confirmed yet: signing in is refused.
        var (_, login) = await client.GetAsync("/Account/Login");
        var refused = await client.SubmitAsync(login, "form#account", "/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);

        var message = await app.Mail.WaitForAsync(email);
        Assert.Equal("Confirm your email address", message.Subject);
        Assert.Single(app.Mail.To(email));
        Assert.False(string.IsNullOrEmpty(message.HtmlBody));
        var link = Link().Match(message.TextBody ?? "").Value;
        Assert.Contains("/Account/ConfirmEmail", link);

        var (confirmed, _) = await client.GetAsync(new Uri(link).PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var (_, page) = await client.GetAsync(confirmed.Headers.Location!.OriginalString);
        Assert.Contains("Thank you for confirming your email", page.DocumentElement.TextContent);

        await client.SignInAsync(email);
        await using var db = app.Database.CreateContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        Assert.True(user.EmailConfirmed);
        Assert.True(await db.UserRoles.AnyAsync(r => r.UserId == user.Id && r.RoleId == "role-student"));
    }

    [Fact]
    public async Task Password_reset_mail_carries_a_working_link()
    {
        var email = $"reset{Guid.NewGuid():N}@example.com";
        await app.CreateStudentAsync(email);
        var client = BrowserlessClient.Create(app);
        var (_, forgot) = await client.GetAsync("/Account/ForgotPassword");
        await client.SubmitAsync(forgot, "form[method=post]", "/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = email });

        var message = await app.Mail.WaitForAsync(email);
        var link = new Uri(Link().Match(message.TextBody ?? "").Value).PathAndQuery;
        var (_, resetPage) = await client.GetAsync(link);
        const string newPassword = "A-new-calm-password-7";
        var reset = await client.SubmitAsync(resetPage, "form[method=post]", link, new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = newPassword,
            ["Input.ConfirmPassword"] = newPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Contains("ResetPasswordConfirmation", reset.Headers.Location!.OriginalString);
        await BrowserlessClient.Create(app).SignInAsync(email, newPassword);
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}
