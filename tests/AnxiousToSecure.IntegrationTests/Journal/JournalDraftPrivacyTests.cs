using System.Net;
using AnxiousToSecure.Core.Journal;
using AnxiousToSecure.TestSupport;

namespace AnxiousToSecure.IntegrationTests.Journal;

/// <summary>
/// Reflection drafts on a shared device: the page keys them by an opaque owner (never her email), and
/// signing in or out asks the browser to clear the site's storage (the browser journey shows the rest).
/// </summary>
[Trait("Category", "Security")]
public sealed class JournalDraftPrivacyTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string[] ClearSiteData(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Clear-Site-Data", out var values) ? [.. values] : [];

    private static string[] OfflineOwner(HttpResponseMessage response) =>
        response.Headers.TryGetValues(AnxiousToSecure.Web.Features.Learn.OfflineCopies.OwnerHeader, out var values) ? [.. values] : [];

    [Fact]
    public async Task Signing_in_and_signing_out_ask_the_browser_to_clear_the_sites_storage()
    {
        var (_, user) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-3));
        var client = BrowserlessClient.Create(app);
        var (_, login) = await client.GetAsync("/Account/Login");
        var signedIn = await client.SubmitAsync(login, "form#account", "/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = user.Email!, ["Input.Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(["\"cache\", \"storage\""], ClearSiteData(signedIn));

        // An ordinary page of hers clears nothing, and names the owner of the worker's cache of her pages.
        var (lessonResponse, lesson) = await client.GetAsync("/learn/welcome");
        Assert.Empty(ClearSiteData(lessonResponse));
        Assert.Equal([JournalDrafts.Owner(user.Id)], OfflineOwner(lessonResponse));

        var signedOut = await client.SubmitAsync(lesson, "form[action='Account/Logout']", "/learn/welcome");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(["\"cache\", \"storage\""], ClearSiteData(signedOut));

        // Signed out, a page names nobody: the worker drops whatever it kept of anyone.
        var (anonymous, _) = await client.GetAsync("/");
        Assert.Empty(OfflineOwner(anonymous));
    }

    [Fact]
    public async Task The_draft_key_names_its_owner_by_an_opaque_hash_never_by_email()
    {
        var (client, user) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-3));
        var (_, lesson) = await client.GetAsync("/learn/welcome");
        var form = lesson.QuerySelector("form.journal-form")!;
        var owner = form.GetAttribute("data-draft-owner")!;
        Assert.Equal(JournalDrafts.Owner(user.Id), owner);
        Assert.Equal($"journal:{owner}:welcome", form.GetAttribute("data-draft-key"));
        Assert.Matches("^[0-9a-f]{32}$", owner);
        Assert.DoesNotContain(user.Id, owner, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(JournalDrafts.Owner(Guid.NewGuid().ToString()), owner);

        var (_, journal) = await client.GetAsync("/journal");
        Assert.All(journal.QuerySelectorAll("form.journal-form"), f => Assert.Equal(owner, f.GetAttribute("data-draft-owner")));
    }
}
