using System.Net;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Checkout;
using AnxiousToSecure.Web.Components.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Admin;

/// <summary>
/// Staff pages say how an action went only with sentences of their own: a crafted link (query string)
/// cannot put words on them, whatever the parameter, and a known key with a forged note shows nothing.
/// </summary>
[Trait("Category", "Admin")]
public sealed class FlashMessageTests(AppFactory app) : PaymentHarness(app), IClassFixture<AppFactory>
{
    private const string Crafted = "Your account is suspended call 555 0100 now";

    /// <summary>The page with the sentence in every parameter a page has read (or reads) a message from.</summary>
    private static string Spoofing(string path, string? more = null)
    {
        var words = Uri.EscapeDataString(Crafted);
        var parameters = new[] { "done", "message", "note", "retried", "lessons" }.Select(p => $"{p}={words}");
        return $"{path}?{string.Join("&", parameters)}{more}";
    }

    private async Task<IReadOnlyList<string>> StaffPagesAsync()
    {
        var (client, student) = await StudentAsync();
        await PayAndNotifyAsync(await StartCheckoutAsync(client));
        var payment = Assert.Single(await PaymentsOfAsync(student));
        int lessonId;
        await using (var db = App.Database.CreateContext()) lessonId = await db.Lessons.Where(l => l.Slug == "welcome").Select(l => l.Id).SingleAsync();
        return
        [
            $"/admin/students/{student.Id}",
            $"/admin/payments/{payment.Id}",
            "/admin/emails",
            "/author",
            $"/author/lessons/{lessonId}/attachments",
            "/author/import",
        ];
    }

    [Fact]
    public async Task A_crafted_message_or_done_on_a_staff_page_is_not_shown()
    {
        var admin = await App.SignInNewUserAsync(Roles.Admin);
        foreach (var page in await StaffPagesAsync())
        {
            foreach (var url in new[] { Spoofing(page), Spoofing(page, $"&pending={Guid.NewGuid():N}") })
            {
                var response = await admin.Http.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}; server errors: {App.Errors}");
                // The page's own address may sit percent-encoded in the markup (its forms post back to it): never as words.
                var html = await response.Content.ReadAsStringAsync();
                Assert.DoesNotContain("suspended call", html, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("suspended", new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).Body!.TextContent, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Theory]
    [InlineData("/author/import", "imported")]
    [InlineData("/author/import", "stopped")]
    [InlineData("/author", "deleted")]
    public async Task A_known_key_with_a_forged_note_shows_no_note(string page, string key)
    {
        var admin = await App.SignInNewUserAsync(Roles.Admin);
        var (response, html) = await admin.GetAsync($"{page}?done={key}&note={Uri.EscapeDataString(Crafted)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("suspended call", html.DocumentElement.OuterHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("suspended", html.Body!.TextContent, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_note_sealed_by_the_app_is_shown_with_its_sentence_and_an_unknown_key_shows_nothing()
    {
        var notes = App.Services.GetRequiredService<FlashNotes>();
        var admin = await App.SignInNewUserAsync(Roles.Instructor);
        var (_, shown) = await admin.GetAsync("/" + notes.Link("author/import", "imported", "1 lesson created"));
        Assert.Equal("Imported: 1 lesson created.", shown.QuerySelector("[role=status]")!.TextContent);

        var (_, unknown) = await admin.GetAsync("/" + notes.Link("author/import", "no-such-outcome", "1 lesson created"));
        Assert.Null(unknown.QuerySelector("#action-message"));
        Assert.DoesNotContain("1 lesson created", unknown.DocumentElement.OuterHtml, StringComparison.Ordinal);
    }
}
