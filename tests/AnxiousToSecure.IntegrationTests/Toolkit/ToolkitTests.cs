using System.Net;
using System.Text.Json;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Toolkit;

/// <summary>
/// "Save to my toolkit" on a lesson's practice and the Steady now page: grouped by module with the lesson's
/// link and a remove button, hers alone (another student neither sees nor removes it), only for lessons she
/// can read, in her data export and deleted with her account.
/// </summary>
[Trait("Category", "Toolkit")]
public sealed class ToolkitTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Grounding = "grounding-through-your-feet";

    private async Task<(BrowserlessClient Client, ApplicationUser User)> StudentAsync(int daysIn = 400) =>
        await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-daysIn));

    private static async Task<HttpResponseMessage> SaveAsync(BrowserlessClient client, string slug)
    {
        var (_, lesson) = await client.GetAsync($"/learn/{slug}");
        return await client.SubmitAsync(lesson, "form.toolkit-form", $"/learn/{slug}");
    }

    [Fact]
    public async Task A_saved_practice_is_listed_by_module_with_its_lesson_link_and_can_be_removed()
    {
        var (client, user) = await StudentAsync();
        var (_, before) = await client.GetAsync("/learn/welcome");
        Assert.Equal("Save to my toolkit", before.QuerySelector("form.toolkit-form button")!.TextContent.Trim());
        Assert.Equal("toolkit/welcome", before.QuerySelector("form.toolkit-form")!.GetAttribute("action"));

        var saved = await SaveAsync(client, "welcome");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/learn/welcome#toolkit", saved.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(client, Grounding)).StatusCode);
        // Saving again (a second tap, another tab) keeps one row.
        var (_, after) = await client.GetAsync("/learn/welcome");
        Assert.Contains("Saved in your toolkit", after.QuerySelector("form.toolkit-form")!.TextContent);
        Assert.Equal("toolkit/welcome/remove", after.QuerySelector("form.toolkit-form")!.GetAttribute("action"));
        await client.SubmitAsync(before, "form.toolkit-form", "/learn/welcome");
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(2, await db.ToolkitItems.CountAsync(t => t.UserId == user.Id));
        }

        var (response, toolkit) = await client.GetAsync("/toolkit");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Steady now", toolkit.QuerySelector("h1")!.TextContent);
        Assert.NotNull(toolkit.QuerySelector("main a[href='crisis']"));
        var kinds = toolkit.QuerySelectorAll(".toolkit-kind h2").Select(h => h.TextContent).ToList();
        await using (var db = app.Database.CreateContext())
        {
            var modules = await db.Lessons.Where(l => l.Slug == "welcome" || l.Slug == Grounding).OrderBy(l => l.Module!.Position).Select(l => l.Module!.Title).ToListAsync();
            Assert.Equal(modules, kinds);
            var practice = await db.Lessons.Where(l => l.Slug == Grounding).Select(l => l.Practice).SingleAsync();
            Assert.Contains(practice[..40], toolkit.QuerySelectorAll(".toolkit-item").Single(i => i.QuerySelector($"a[href='learn/{Grounding}']") is not null).TextContent);
        }
        Assert.NotNull(toolkit.QuerySelector("a[href='learn/welcome']"));

        var removed = await client.SubmitAsync(toolkit, "form[action='toolkit/welcome/remove']", "/toolkit");
        Assert.Equal("/toolkit", removed.Headers.Location!.OriginalString);
        var (_, fewer) = await client.GetAsync("/toolkit");
        Assert.Null(fewer.QuerySelector("a[href='learn/welcome']"));
        Assert.NotNull(fewer.QuerySelector($"a[href='learn/{Grounding}']"));
    }

    [Fact]
    public async Task Her_toolkit_is_hers_alone_another_student_neither_sees_nor_removes_it()
    {
        var (alice, aliceUser) = await StudentAsync();
        await SaveAsync(alice, Grounding);
        var (bob, _) = await StudentAsync();

        var (_, bobsToolkit) = await bob.GetAsync("/toolkit");
        Assert.Empty(bobsToolkit.QuerySelectorAll(".toolkit-item"));
        Assert.Contains("Nothing saved yet", bobsToolkit.DocumentElement.TextContent);
        var (_, bobsLesson) = await bob.GetAsync($"/learn/{Grounding}");
        Assert.Equal("Save to my toolkit", bobsLesson.QuerySelector("form.toolkit-form button")!.TextContent.Trim());

        // Bob posts the remove form for the same practice with his own valid token: only his own (none) goes.
        var token = bobsLesson.QuerySelector("form.toolkit-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var remove = await bob.Http.PostAsync($"/toolkit/{Grounding}/remove", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, remove.StatusCode);
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(1, await db.ToolkitItems.CountAsync(t => t.UserId == aliceUser.Id));
        }
        var (_, alicesToolkit) = await alice.GetAsync("/toolkit");
        Assert.Single(alicesToolkit.QuerySelectorAll(".toolkit-item"));
    }

    [Fact]
    public async Task Only_a_practice_of_a_lesson_she_can_read_is_saved()
    {
        var (client, user) = await StudentAsync(daysIn: 0);
        var (_, welcome) = await client.GetAsync("/learn/welcome");
        var token = welcome.QuerySelector("form.toolkit-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var locked = await client.Http.PostAsync($"/toolkit/{Grounding}", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.BadRequest, locked.StatusCode);
        var noToken = await client.Http.PostAsync("/toolkit/welcome", new FormUrlEncodedContent([new("returnUrl", "toolkit")]));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        var signedOut = await BrowserlessClient.Create(app).Http.PostAsync("/toolkit/welcome", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Contains("/Account/Login", signedOut.Headers.Location!.OriginalString);
        await using var db = app.Database.CreateContext();
        Assert.False(await db.ToolkitItems.AnyAsync(t => t.UserId == user.Id));
    }

    [Fact]
    public async Task Her_toolkit_is_in_her_data_export_and_is_deleted_with_her_account()
    {
        var (client, user) = await StudentAsync();
        await SaveAsync(client, Grounding);
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var personal = scope.ServiceProvider.GetRequiredService<Core.Accounts.PersonalDataService>();
        var me = (await users.FindByIdAsync(user.Id))!;

        using var json = JsonDocument.Parse(await personal.ExportAsync(me));
        var saved = Assert.Single(json.RootElement.GetProperty("Toolkit").EnumerateArray());
        Assert.StartsWith("Grounding Through Your Feet", saved.GetProperty("Lesson").GetString());
        Assert.Contains("feel your feet on the ground", saved.GetProperty("Practice").GetString());

        Assert.True((await personal.DeleteAccountAsync(me)).Succeeded);
        await using var db = app.Database.CreateContext();
        Assert.False(await db.ToolkitItems.AnyAsync(t => t.UserId == user.Id));
    }

    [Fact]
    public async Task The_lesson_page_the_toolkit_page_and_a_save_keep_to_their_statement_budgets()
    {
        var (client, _) = await StudentAsync();
        await SaveAsync(client, "welcome");
        await client.GetAsync("/toolkit");
        var (_, lesson) = await client.GetAsync("/learn/welcome");
        var token = lesson.QuerySelector("form.toolkit-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        // The same budget as the lesson page's (StatementBudgetTests): what is hers, saved practices included, is one statement.
        var (page, pageTexts) = await app.Statements.DuringAsync(() => client.Http.GetAsync("/learn/welcome"));
        Assert.True(page <= 3, $"lesson page: {page} statements\n{pageTexts}");
        var (toolkit, toolkitTexts) = await app.Statements.DuringAsync(() => client.Http.GetAsync("/toolkit"));
        Assert.True(toolkit <= 2, $"toolkit page: {toolkit} statements\n{toolkitTexts}");
        var (save, saveTexts) = await app.Statements.DuringAsync(() => client.Http.PostAsync($"/toolkit/{Grounding}", new FormUrlEncodedContent([new("__RequestVerificationToken", token)])));
        Assert.True(save <= 3, $"save: {save} statements\n{saveTexts}");
    }
}
