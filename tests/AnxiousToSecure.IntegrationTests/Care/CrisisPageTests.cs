using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using AnxiousToSecure.TestSupport;
using Microsoft.AspNetCore.Hosting;

namespace AnxiousToSecure.IntegrationTests.Care;

[Trait("Category", "Care")]
public sealed class CrisisPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly HtmlParser Parser = new();

    private async Task<IHtmlDocument> CrisisAsync(string? acceptLanguage, string path = "/crisis", HttpClient? http = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptLanguage is not null) request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        var response = await (http ?? app.CreateClient()).SendAsync(request);
        response.EnsureSuccessStatusCode();
        return Parser.ParseDocument(await response.Content.ReadAsStringAsync());
    }

    private static string? First(IHtmlDocument page) => page.QuerySelector("#your-country h2")?.TextContent;

    private static List<string> Regions(IHtmlDocument page) => [.. page.QuerySelectorAll(".crisis-region h2").Select(h => h.TextContent)];

    [Theory]
    [InlineData("en-GB,en;q=0.9", "United Kingdom")]
    [InlineData("en-AU", "Australia")]
    [InlineData("en-US,en;q=0.8", "United States")]
    [InlineData("fr-CA;q=0.5, en-NZ", "New Zealand")]
    [InlineData("de-DE,de;q=0.9", "European Union")]
    public async Task Her_own_country_comes_first_from_her_browsers_languages(string acceptLanguage, string expected)
    {
        var page = await CrisisAsync(acceptLanguage);
        Assert.Equal(expected, First(page));
        Assert.Equal(expected, Regions(page)[0]);
        Assert.Single(Regions(page), expected);
    }

    [Fact]
    public async Task A_language_without_a_country_puts_nothing_first_and_asks_her_to_choose()
    {
        var page = await CrisisAsync("en");
        Assert.Null(page.QuerySelector("#your-country"));
        Assert.Equal("Choose your country", page.QuerySelector("#picker-heading")?.TextContent);
        Assert.Equal("United Kingdom", Regions(page)[0]);
    }

    [Fact]
    public async Task A_country_she_picks_comes_first_whatever_her_languages_say()
    {
        var uk = await CrisisAsync("en-GB");
        var australia = uk.QuerySelectorAll<IHtmlAnchorElement>(".country-picker a").Single(a => a.TextContent == "Australia");
        Assert.Equal("crisis?country=AU", australia.GetAttribute("href"));

        var page = await CrisisAsync("en-GB", "/crisis?country=AU");
        Assert.Equal("Australia", First(page));
        Assert.Contains("United Kingdom", Regions(page));
    }

    [Fact]
    public async Task The_cached_page_is_kept_per_country_not_handed_to_a_visitor_from_elsewhere()
    {
        var http = app.CreateClient();
        Assert.Equal("United Kingdom", First(await CrisisAsync("en-GB", http: http)));
        Assert.Equal("Australia", First(await CrisisAsync("en-AU", http: http)));
        Assert.Equal("United Kingdom", First(await CrisisAsync("en-GB", http: http)));
    }

    [Fact]
    public async Task Every_number_is_a_call_button_with_a_text_button_only_where_the_line_takes_texts()
    {
        var page = await CrisisAsync("en-US");
        var links = page.QuerySelectorAll<IHtmlAnchorElement>("#your-country a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(new[] { "tel:911", "tel:988", "sms:988", "tel:18338526262", "tel:18009444773", "tel:18007997233", "sms:88788?body=START" }, links);
        Assert.All(page.QuerySelectorAll(".crisis-region a"), a => Assert.Contains("button", a.ClassList));

        var uk = await CrisisAsync("en-GB");
        Assert.Equal(new[] { "tel:999", "tel:116123", "tel:08082000247" }, uk.QuerySelectorAll<IHtmlAnchorElement>("#your-country a").Select(a => a.GetAttribute("href")));
        Assert.Contains("Samaritans", uk.QuerySelector("#your-country")!.TextContent);
    }

    /// <summary>The lines the second edition's lessons point to (issue 18), each as a button with the number as she would dial it.</summary>
    [Theory]
    [InlineData("en-US", "Call 1-833-852-6262 National Maternal Mental Health Hotline", "tel:18338526262")]
    [InlineData("en-US", "Call 1-800-944-4773 Postpartum Support International", "tel:18009444773")]
    [InlineData("en-US", "Call 1-800-799-7233 National Domestic Violence Hotline", "tel:18007997233")]
    [InlineData("en-US", "Text START to 88788 National Domestic Violence Hotline", "sms:88788?body=START")]
    [InlineData("en-GB", "Call 0808 2000 247 National Domestic Abuse Helpline", "tel:08082000247")]
    public async Task The_perinatal_and_domestic_abuse_lines_are_buttons_in_her_country(string acceptLanguage, string label, string href)
    {
        var page = await CrisisAsync(acceptLanguage);
        var buttons = page.QuerySelectorAll<IHtmlAnchorElement>("#your-country a.button")
            .Select(a => (Label: string.Join(' ', a.TextContent.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)), Href: a.GetAttribute("href")))
            .ToList();
        Assert.Contains((label, href), buttons);
    }

    [Fact]
    public void A_word_to_text_without_a_number_to_text_it_to_stops_the_start()
    {
        using var broken = app.WithWebHostBuilder(b => b.UseSetting("Care:Regions:0:Lines:0:TextWord", "START"));
        var e = Assert.ThrowsAny<Exception>(() => broken.CreateClient());
        Assert.Contains("Care:Regions:0:Lines:0:TextWord", e.ToString());
    }

    [Fact]
    public async Task After_a_birth_names_postpartum_psychosis_as_a_rare_emergency_and_US_care_first()
    {
        var page = await CrisisAsync("en-US");
        var birth = page.QuerySelectorAll("main section.card").Single(c => c.QuerySelector("h2")?.TextContent == "After a birth").TextContent;
        Assert.Contains("postpartum psychosis", birth);
        Assert.Contains("rare and treatable, and it is an emergency. Call 911", birth);
        Assert.True(birth.IndexOf("OB-GYN", StringComparison.Ordinal) < birth.IndexOf("health visitor", StringComparison.Ordinal), "US care is named after the UK's");
    }

    [Fact]
    public async Task The_directory_comes_after_every_country()
    {
        var page = await CrisisAsync("en-GB");
        var cards = page.QuerySelectorAll("main section.card").ToList();
        var directory = cards.FindIndex(c => c.Id == "directory");
        Assert.True(directory > 0, "no directory card");
        Assert.Equal(cards.FindLastIndex(c => c.ClassList.Contains("crisis-region")) + 1, directory);
        Assert.Contains("findahelpline.com", cards[directory].TextContent);
    }

    [Fact]
    public async Task The_crisis_page_lists_lines_the_operator_adds()
    {
        using var configured = app.WithWebHostBuilder(b => b
            .UseSetting("Care:Regions:7:Name", "Testland")
            .UseSetting("Care:Regions:7:Countries:0", "TL")
            .UseSetting("Care:Regions:7:Emergency", "4242")
            .UseSetting("Care:Regions:7:Lines:0:Name", "Test line")
            .UseSetting("Care:Regions:7:Lines:0:Call", "42 42")
            .UseSetting("Care:Regions:7:Lines:0:Text", "4343"));
        var page = await CrisisAsync("xx-TL", http: configured.CreateClient());

        Assert.Equal("Testland", First(page));
        Assert.Equal(new[] { "tel:4242", "tel:4242", "sms:4343" }, page.QuerySelectorAll<IHtmlAnchorElement>("#your-country a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public void A_line_without_a_number_to_dial_stops_the_start()
    {
        using var broken = app.WithWebHostBuilder(b => b.UseSetting("Care:Regions:0:Lines:0:Call", "ask at reception"));
        var e = Assert.ThrowsAny<Exception>(() => broken.CreateClient());
        Assert.Contains("Care:Regions:0:Lines:0", e.ToString());
    }

    [Fact]
    public async Task It_needs_no_sign_in_and_is_linked_from_the_lesson_pages_too()
    {
        var anonymous = BrowserlessClient.Create(app);
        var (response, page) = await anonymous.GetAsync("/crisis");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("immediate danger", page.DocumentElement.TextContent);
        Assert.Contains("Accept-Language", response.Headers.Vary);
        // The same for every signed-out visitor, so the service worker may keep it (it keeps nothing marked no-store).
        Assert.DoesNotContain("no-store", response.Headers.CacheControl?.ToString() ?? "");

        var (student, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow());
        var (_, lesson) = await student.GetAsync("/learn/welcome");
        Assert.NotNull(lesson.QuerySelector("header a[href='crisis']"));
    }

    [Fact]
    public async Task The_service_worker_is_served_from_the_root_and_registered_on_every_page()
    {
        var http = app.CreateClient();
        var worker = await http.GetAsync("/sw.js");
        Assert.Equal(System.Net.HttpStatusCode.OK, worker.StatusCode);
        Assert.Contains("javascript", worker.Content.Headers.ContentType?.MediaType);
        var page = await CrisisAsync(null, "/");
        Assert.NotNull(page.QuerySelector("script[src*='offline']"));
    }
}
