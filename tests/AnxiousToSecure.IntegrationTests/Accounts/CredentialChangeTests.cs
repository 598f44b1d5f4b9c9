using System.Net;
using System.Text.RegularExpressions;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.IntegrationTests.Accounts;

/// <summary>
/// Changing how she signs in needs a recent password (or code), and every change is followed by an
/// email to her address, a Warning log line with her id and address, and, for staff, an audit entry.
/// </summary>
[Trait("Category", "Security")]
public sealed partial class CredentialChangeTests : IAsyncLifetime
{
    private const string NewPassword = "Another-horse-43";
    private readonly SecurityAppFactory app = new();

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();

    private static Task<HttpResponseMessage> ChangePasswordAsync(BrowserlessClient client, AngleSharp.Html.Dom.IHtmlDocument page) =>
        AccountSteps.SubmitFormAsync(client, page, "change-password", "/Account/Manage/ChangePassword", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = AppFactory.Password,
            ["Input.NewPassword"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        });

    [Fact]
    public async Task After_ten_minutes_changing_the_password_asks_for_it_again_first()
    {
        var email = $"s{Guid.NewGuid():N}@example.com";
        await app.CreateStudentAsync(email);
        var client = BrowserlessClient.Create(app);
        await client.SignInAsync(email);
        var (fresh, form) = await client.GetAsync("/Account/Manage/ChangePassword");
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);

        app.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        const string reauth = "/Account/Reauthenticate?ReturnUrl=%2FAccount%2FManage%2FChangePassword";
        Assert.Equal(reauth, await AccountSteps.WhereAsync(client.Http, "/Account/Manage/ChangePassword"));
        // The form she opened before is refused too, and changes nothing.
        var late = await ChangePasswordAsync(client, form);
        Assert.Equal(HttpStatusCode.SeeOther, late.StatusCode);
        Assert.Equal(reauth, AccountSteps.Target(late));
        Assert.Empty(app.Mail.To(email));

        var (_, prompt) = await client.GetAsync(reauth);
        var wrong = await AccountSteps.SubmitFormAsync(client, prompt, "reauthenticate", reauth, new Dictionary<string, string> { ["Input.Password"] = "not-her-password-1" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Equal(reauth, await AccountSteps.WhereAsync(client.Http, "/Account/Manage/ChangePassword"));
        var right = await AccountSteps.SubmitFormAsync(client, prompt, "reauthenticate", reauth, new Dictionary<string, string> { ["Input.Password"] = AppFactory.Password });
        Assert.Equal("/Account/Manage/ChangePassword", AccountSteps.Target(right));

        var (_, again) = await client.GetAsync("/Account/Manage/ChangePassword");
        var changed = await ChangePasswordAsync(client, again);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var notice = await app.Mail.WaitForAsync(email);
        Assert.Single(app.Mail.To(email));
        Assert.Equal("A change to your account", notice.Subject);
        Assert.Contains("The password of your account was changed.", notice.TextBody);
        Assert.Contains($"{AppFactory.PublicBaseUrl}/Account/ForgotPassword", notice.TextBody);
        Assert.DoesNotContain(NewPassword, notice.TextBody + notice.HtmlBody);

        await using var db = app.Database.CreateContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        Assert.Contains(app.Warnings.Entries, w => w.Values.GetValueOrDefault("Change") == "PasswordChanged" && w.Values.GetValueOrDefault("UserId") == user.Id);
        Assert.Contains(app.Warnings.Entries, w => w.Message.StartsWith("Failed sign-in (password)", StringComparison.Ordinal) && w.Values.GetValueOrDefault("UserId") == user.Id);
        Assert.DoesNotContain(app.Warnings.Entries, w => w.Message.Contains("not-her-password-1") || w.Message.Contains(NewPassword));
        // A student's change is hers alone: the audit log is for staff credentials.
        Assert.False(await db.AuditEntries.AnyAsync(e => e.SubjectUserId == user.Id));
    }

    [Fact]
    public async Task Changing_the_email_tells_the_old_address()
    {
        var email = $"s{Guid.NewGuid():N}@example.com";
        var newEmail = $"n{Guid.NewGuid():N}@example.com";
        await app.CreateStudentAsync(email);
        var client = BrowserlessClient.Create(app);
        await client.SignInAsync(email);
        var (_, page) = await client.GetAsync("/Account/Manage/Email");
        var sent = await AccountSteps.SubmitFormAsync(client, page, "change-email", "/Account/Manage/Email", new Dictionary<string, string> { ["Input.NewEmail"] = newEmail });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Empty(app.Mail.To(email));

        var confirm = Link().Match((await app.Mail.WaitForAsync(newEmail)).TextBody ?? "").Value;
        Assert.Single(app.Mail.To(newEmail));
        var (confirmed, _) = await client.GetAsync(new Uri(confirm).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);

        var notice = await app.Mail.WaitForAsync(email);
        Assert.Single(app.Mail.To(email));
        Assert.Equal("A change to your account", notice.Subject);
        Assert.Contains("The email address of your account was changed", notice.TextBody);
        Assert.DoesNotContain(newEmail, notice.TextBody);
    }

    [Fact]
    public async Task A_staff_password_change_is_audited_with_who_and_from_where()
    {
        var email = await app.CreateUserAsync(Roles.Admin);
        var client = BrowserlessClient.Create(app);
        await client.SignInAsync(email);
        var (_, page) = await client.GetAsync("/Account/Manage/ChangePassword");
        Assert.Equal(HttpStatusCode.Redirect, (await ChangePasswordAsync(client, page)).StatusCode);

        await using var db = app.Database.CreateContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var entry = await db.AuditEntries.SingleAsync(e => e.SubjectUserId == user.Id);
        Assert.Equal(AuditActions.Account.PasswordChanged, entry.Action);
        Assert.Equal(user.Id, entry.ActorId);
        Assert.StartsWith("from ", entry.Details);
        Assert.DoesNotContain(NewPassword, entry.Details);
    }

    [Fact]
    public async Task Failed_sign_ins_and_the_lockout_are_logged_with_the_user_id_and_address_but_never_the_password()
    {
        var email = $"s{Guid.NewGuid():N}@example.com";
        var user = await app.CreateStudentAsync(email);
        var client = BrowserlessClient.Create(app);
        for (var i = 0; i < 5; i++)
        {
            // The per-account limit (4 a window) stops a fifth try in one window before the password check.
            if (i == 4) await Task.Delay(TimeSpan.FromSeconds(2.5));
            var (_, login) = await client.GetAsync("/Account/Login");
            await client.SubmitAsync(login, "form#account", "/Account/Login",
                new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = $"wrong-guess-{i}" });
        }
        var (_, unknown) = await client.GetAsync("/Account/Login");
        await client.SubmitAsync(unknown, "form#account", "/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = "nobody@example.com", ["Input.Password"] = "wrong-guess-x" });

        var mine = app.Warnings.Entries.Where(w => w.Values.GetValueOrDefault("UserId") == user.Id).ToList();
        Assert.Equal(4, mine.Count(w => w.Message.StartsWith("Failed sign-in (password)", StringComparison.Ordinal)));
        Assert.Single(mine, w => w.Message.StartsWith("Sign-in refused by lockout", StringComparison.Ordinal));
        Assert.All(mine, w => Assert.True(w.Values.ContainsKey("ClientTag")));
        Assert.Contains(app.Warnings.Entries, w => w.Message.StartsWith("Failed sign-in for an unknown account", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Warnings.Entries, w => w.Message.Contains("wrong-guess") || w.Values.Values.Any(v => v?.Contains("wrong-guess") == true));
    }
}
