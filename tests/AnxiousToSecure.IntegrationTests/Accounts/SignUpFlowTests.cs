using System.Net;
using System.Text.RegularExpressions;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.IntegrationTests.Accounts;

/// <summary>
/// Sign-up to reading without dead ends: "Enroll" → register (her name kept) → the confirmation link →
/// sign in → straight on to Stripe; and a sign-in with nowhere to return to lands an enrolled
/// student on her dashboard, staff on their console, anyone else on the course page.
/// </summary>
[Trait("Category", "Accounts")]
public sealed partial class SignUpFlowTests(AccountEmailAppFactory app) : IClassFixture<AccountEmailAppFactory>
{
    private const string Begin = "/checkout/begin";

    [Fact]
    public async Task A_visitor_who_pressed_enroll_goes_from_the_confirmation_link_through_sign_in_straight_to_checkout()
    {
        var email = $"enroll{Guid.NewGuid():N}@example.com";
        var client = BrowserlessClient.Create(app);
        var (_, course) = await client.GetAsync("/");
        var register = course.QuerySelector("a#enroll")?.GetAttribute("href");
        Assert.Equal($"Account/Register?ReturnUrl={Uri.EscapeDataString(Begin)}", register);

        var (_, form) = await client.GetAsync("/" + register);
        Assert.Single(form.QuerySelectorAll("h1"));
        var registered = await client.SubmitAsync(form, "form#account", "/" + register, new Dictionary<string, string>
        {
            ["Input.Name"] = "  Jane  ",
            ["Input.Email"] = email,
            ["Input.Password"] = AppFactory.Password,
            ["Input.ConfirmPassword"] = AppFactory.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);

        var message = await app.Mail.WaitForAsync(email);
        var link = new Uri(Link().Match(message.TextBody ?? "").Value).PathAndQuery;
        Assert.Contains("returnUrl=%2Fcheckout%2Fbegin", link);

        // The link confirms and sends her to sign in, saying so, with checkout still ahead.
        var (confirmed, _) = await client.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var login = confirmed.Headers.Location!.OriginalString;
        Assert.Matches(@"/Account/Login\?(.*&)?confirmed=true", login);
        Assert.Contains("ReturnUrl=%2Fcheckout%2Fbegin", login);
        var (_, loginPage) = await client.GetAsync(login);
        Assert.Contains("Thank you for confirming your email. Sign in to go on.", loginPage.DocumentElement.TextContent);

        var signedIn = await client.SubmitAsync(loginPage, "form#account", login,
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.EndsWith(Begin, signedIn.Headers.Location!.OriginalString);

        var toStripe = await client.Http.GetAsync(Begin);
        Assert.Equal(HttpStatusCode.Redirect, toStripe.StatusCode);
        Assert.StartsWith("https://checkout.stripe.test/pay/", toStripe.Headers.Location!.OriginalString);

        await using var db = app.Database.CreateContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        Assert.Equal("Jane", user.DisplayName);
        Assert.True(user.EmailConfirmed);
        Assert.Single(await db.Payments.Where(p => p.UserId == user.Id && p.Status == PaymentStatus.Pending).ToListAsync());
    }

    [Theory]
    [InlineData("https://elsewhere.example/phish")]
    [InlineData("//elsewhere.example/phish")]
    [InlineData("/\\elsewhere.example")]
    public async Task A_return_address_on_another_site_never_reaches_the_confirmation_email(string returnUrl)
    {
        var email = $"away{Guid.NewGuid():N}@example.com";
        var client = BrowserlessClient.Create(app);
        var url = $"/Account/Register?ReturnUrl={Uri.EscapeDataString(returnUrl)}";
        var (_, form) = await client.GetAsync(url);
        var registered = await client.SubmitAsync(form, "form#account", url, new Dictionary<string, string>
        {
            ["Input.Name"] = "Ana", ["Input.Email"] = email, ["Input.Password"] = AppFactory.Password, ["Input.ConfirmPassword"] = AppFactory.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);

        var message = await app.Mail.WaitForAsync(email);
        var link = Link().Match(message.TextBody ?? "").Value;
        Assert.Contains("/Account/ConfirmEmail", link);
        Assert.DoesNotContain("returnUrl", link, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("elsewhere", message.TextBody);
    }

    [Fact]
    public async Task Registration_without_a_name_is_refused_with_a_message_and_creates_nothing()
    {
        var email = $"noname{Guid.NewGuid():N}@example.com";
        var client = BrowserlessClient.Create(app);
        var (_, form) = await client.GetAsync("/Account/Register");
        var answer = await client.SubmitAsync(form, "form#account", "/Account/Register", new Dictionary<string, string>
        {
            ["Input.Name"] = "", ["Input.Email"] = email, ["Input.Password"] = AppFactory.Password, ["Input.ConfirmPassword"] = AppFactory.Password,
        });

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("Please tell us what to call you.", await answer.Content.ReadAsStringAsync());
        await using var db = app.Database.CreateContext();
        Assert.False(await db.Users.AnyAsync(u => u.Email == email));
    }

    [Fact]
    public async Task Signing_in_with_nowhere_to_return_to_lands_each_person_where_she_works()
    {
        var enrolled = await app.CreateStudentAsync($"in{Guid.NewGuid():N}@example.com", app.Clock.GetUtcNow().AddDays(-2));
        var visitor = await app.CreateStudentAsync($"out{Guid.NewGuid():N}@example.com");
        var admin = await app.CreateUserAsync(Roles.Admin);
        var instructor = await app.CreateUserAsync(Roles.Instructor);

        Assert.Equal("/learn", await LandingAsync(enrolled.Email!));
        Assert.Equal("/", await LandingAsync(visitor.Email!));
        Assert.Equal("/admin", await LandingAsync(admin));
        Assert.Equal("/author", await LandingAsync(instructor));
    }

    [Fact]
    public async Task Begin_checkout_sends_an_enrolled_student_to_her_course_and_ignores_a_request_from_another_site()
    {
        var (enrolled, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-1));
        var toCourse = await enrolled.Http.GetAsync(Begin);
        Assert.Equal("/learn", toCourse.Headers.Location!.OriginalString);

        var (visitor, user) = await app.SignInNewStudentAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, Begin);
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        var fromElsewhere = await visitor.Http.SendAsync(request);
        Assert.Equal("/#enroll", fromElsewhere.Headers.Location!.OriginalString);
        await using var db = app.Database.CreateContext();
        Assert.False(await db.Payments.AnyAsync(p => p.UserId == user.Id));

        var anonymous = await BrowserlessClient.Create(app).Http.GetAsync(Begin);
        Assert.Contains("/Account/Login", anonymous.Headers.Location!.OriginalString);
    }

    /// <summary>Where the sign-in's redirect (to the landing page) finally sends this person.</summary>
    private async Task<string> LandingAsync(string email)
    {
        var client = BrowserlessClient.Create(app);
        await client.SignInAsync(email);
        var landing = await client.Http.GetAsync("/start");
        Assert.Equal(HttpStatusCode.Redirect, landing.StatusCode);
        return landing.Headers.Location!.OriginalString;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}
