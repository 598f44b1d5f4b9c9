using System.Net;
using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.IntegrationTests.Accounts;

/// <summary>Passwords as ASVS V6.2 asks, through the real register and change-password pages.</summary>
[Trait("Category", "Security")]
public sealed class PasswordPolicyTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<(HttpResponseMessage Response, string Email)> RegisterAsync(string password, string? email = null)
    {
        email ??= $"new{Guid.NewGuid():N}@example.com";
        var client = BrowserlessClient.Create(app);
        var (_, form) = await client.GetAsync("/Account/Register");
        var response = await client.SubmitAsync(form, "form#account", "/Account/Register", new Dictionary<string, string>
        {
            ["Input.Name"] = "Ana",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });
        return (response, email);
    }

    private async Task<bool> AccountExistsAsync(string email)
    {
        await using var db = app.Database.CreateContext();
        return await db.Users.AnyAsync(u => u.NormalizedEmail == email.ToUpperInvariant());
    }

    [Theory]
    [InlineData("password1234")]
    [InlineData("qwertyuiopasdf")]
    [InlineData("Password123!")]
    [InlineData("Anxious-To-Secure-1")]
    public async Task A_common_or_guessable_password_is_refused_with_the_reason(string password)
    {
        var (response, email) = await RegisterAsync(password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("too easy to guess", await response.Content.ReadAsStringAsync());
        Assert.False(await AccountExistsAsync(email));
    }

    [Fact]
    public async Task A_password_made_of_her_own_email_is_refused()
    {
        var email = $"marigold.quillfeather@{Guid.NewGuid():N}.example";
        var (response, _) = await RegisterAsync("quillfeather marigold", email);
        Assert.Contains("too easy to guess", await response.Content.ReadAsStringAsync());
        Assert.False(await AccountExistsAsync(email));
    }

    [Theory]
    [InlineData("quiet river lantern morning")]
    [InlineData("harbor violet pencil drift")]
    public async Task A_long_passphrase_of_lower_case_words_is_accepted(string password)
    {
        var (response, email) = await RegisterAsync(password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(await AccountExistsAsync(email));
    }

    [Fact]
    public async Task Eleven_characters_are_too_few_and_a_128_character_passphrase_is_welcome()
    {
        var (shortResponse, shortEmail) = await RegisterAsync("kx9#mv2!qz7");
        Assert.Contains("at least 12", await shortResponse.Content.ReadAsStringAsync());
        Assert.False(await AccountExistsAsync(shortEmail));

        var words = "orchid tundra velvet copper lagoon meadow quartz ember willow sparrow harbor lantern cobalt thistle juniper falcon saffron";
        var longPassphrase = (words + " " + words)[..128];
        var (longResponse, longEmail) = await RegisterAsync(longPassphrase);
        Assert.Equal(HttpStatusCode.Redirect, longResponse.StatusCode);
        Assert.True(await AccountExistsAsync(longEmail));
    }

    [Fact]
    public async Task The_register_reset_and_change_password_pages_state_the_real_rules()
    {
        var (client, _) = await app.SignInNewStudentAsync();
        foreach (var url in new[] { "/Account/Register", "/Account/ResetPassword?code=eA", "/Account/Manage/ChangePassword" })
        {
            var visitor = url.Contains("Manage", StringComparison.Ordinal) ? client : BrowserlessClient.Create(app);
            var (response, page) = await visitor.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(PasswordPolicy.Rules, page.QuerySelector("#password-rules")?.TextContent);
            Assert.NotNull(page.QuerySelector("input[type=password][aria-describedby=password-rules]"));
        }
    }

    [Fact]
    public async Task Changing_to_a_common_password_is_refused()
    {
        var (client, user) = await app.SignInNewStudentAsync();
        var (_, page) = await client.GetAsync("/Account/Manage/ChangePassword");
        var response = await client.SubmitAsync(page, "main form[method=post]", "/Account/Manage/ChangePassword", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = AppFactory.Password,
            ["Input.NewPassword"] = "iloveyou1234",
            ["Input.ConfirmPassword"] = "iloveyou1234",
        });
        Assert.Contains("too easy to guess", await response.Content.ReadAsStringAsync());
        await BrowserlessClient.Create(app).SignInAsync(user.Email!, AppFactory.Password);
    }
}
