using System.Text.RegularExpressions;
using AnxiousToSecure.BrowserTests.Infrastructure;
using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AnxiousToSecure.BrowserTests.Journeys;

/// <summary>
/// Issue 17, points 9 and 10: the editor asks before unsaved work is lost by any route, keeps Save in
/// reach, and the outline and admin pages fit a phone. Nothing here publishes: the course stays as seeded.
/// </summary>
[Trait("Category", "Browser")]
public sealed class EditorTests(BrowserApp app, ITestOutputHelper output) : BrowserTest(app, output)
{
    private async Task<int> LastLessonIdAsync()
    {
        await using var db = App.Database.CreateContext();
        return await db.Lessons.Where(l => l.Published).OrderByDescending(l => l.ReleaseAfterDays).ThenByDescending(l => l.Position).Select(l => l.Id).FirstAsync();
    }

    /// <summary>Waits (up to 10 s) for the browser to have asked this many times.</summary>
    private static async Task DialogsAsync(List<string> dialogs, int count)
    {
        for (var i = 0; i < 100 && dialogs.Count < count; i++) await Task.Delay(100);
        Assert.Equal(count, dialogs.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task Leaving_the_editor_with_unsaved_text_asks_first_by_header_link_and_back_button(bool phone) => JourneyAsync(async () =>
    {
        var lessonId = await LastLessonIdAsync();
        var page = await NewPageAsync(phone);
        await SignInAsync(page, App.BaseUrl, await App.CreateUserAsync(Roles.Instructor));
        await page.GotoAsync(Url("/author"));
        await page.Locator($"a[href='author/lessons/{lessonId}']").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/author/lessons/{lessonId}$"));
        var body = page.Locator("#body");
        await Expect(body).ToBeEnabledAsync();
        await AssertAccessibleAsync(page, "the lesson editor");

        var sentence = $"Unsaved words {Guid.NewGuid():N}.";
        await body.FillAsync((await body.InputValueAsync()) + "\n\n" + sentence);
        await Expect(page.Locator("#save-status")).ToHaveTextAsync("Unsaved changes");

        var dialogs = new List<string>();
        var leave = false;
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Type + ": " + dialog.Message);
            if (leave) await dialog.AcceptAsync();
            else await dialog.DismissAsync();
        };

        // A header link (enhanced navigation): asked, and staying keeps her text. On a phone the link is in the menu.
        await OpenHeaderMenuAsync(page, phone);
        await page.Locator("header a[href='author']").ClickAsync();
        await DialogsAsync(dialogs, 1);
        Assert.StartsWith("confirm: ", dialogs[0]);
        await Expect(page).ToHaveURLAsync(new Regex($"/author/lessons/{lessonId}$"));
        await Expect(body).ToHaveValueAsync(new Regex(Regex.Escape(sentence)));

        // The back button: asked too, and staying keeps her text.
        await page.GoBackAsync();
        await DialogsAsync(dialogs, 2);
        await Expect(page).ToHaveURLAsync(new Regex($"/author/lessons/{lessonId}$"));
        await Expect(body).ToHaveValueAsync(new Regex(Regex.Escape(sentence)));
        Assert.Equal("Unsaved changes", await page.Locator("#save-status").TextContentAsync());

        // Save stays on screen at the bottom of a long lesson.
        await page.EvaluateAsync("() => window.scrollTo(0, document.documentElement.scrollHeight)");
        var bar = await page.Locator("#save-bar").BoundingBoxAsync();
        var viewport = page.ViewportSize!;
        Assert.NotNull(bar);
        Assert.True(bar.Y >= 0 && bar.Y + bar.Height <= viewport.Height, $"the save bar is at {bar.Y}..{bar.Y + bar.Height}, the viewport {viewport.Height} high");
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        bar = await page.Locator("#save-bar").BoundingBoxAsync();
        Assert.True(bar!.Y >= 0 && bar.Y + bar.Height <= viewport.Height, $"at the top the save bar is at {bar.Y}, off screen");
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= viewport.Width, "the editor is wider than the screen");

        // Choosing to leave leaves, once asked.
        leave = true;
        await OpenHeaderMenuAsync(page, phone);
        await page.Locator("header a[href='author']").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/author$"));
        Assert.Equal(3, dialogs.Count);
    });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task The_outline_and_admin_pages_fit_the_screen_with_delete_a_separate_button(bool phone) => JourneyAsync(async () =>
    {
        var page = await NewPageAsync(phone);
        await SignInAsync(page, App.BaseUrl, await App.CreateUserAsync(Roles.Admin));
        await page.GotoAsync(Url("/author"));
        var width = page.ViewportSize!.Width;
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= width, "the outline is wider than the screen");
        await AssertAccessibleAsync(page, "the course outline");

        var row = page.Locator(".outline-row").First;
        var delete = row.GetByRole(AriaRole.Button, new() { Name = "Delete" });
        var down = row.GetByRole(AriaRole.Button, new() { Name = "Down" });
        var deleteBox = (await delete.BoundingBoxAsync())!;
        var downBox = (await down.BoundingBoxAsync())!;
        Assert.True(deleteBox.Width >= 44 && deleteBox.Height >= 44, $"Delete is {deleteBox.Width}×{deleteBox.Height}");
        var gap = deleteBox.Y >= downBox.Y + downBox.Height ? deleteBox.Y - (downBox.Y + downBox.Height) : deleteBox.X - (downBox.X + downBox.Width);
        Assert.True(gap >= 8, $"Delete is {gap:F0} px from Down");
        if (!phone)
        {
            // Laptop: the page uses the screen, and the rows' columns line up.
            var main = (await page.Locator("main").BoundingBoxAsync())!;
            Assert.True(main.Width >= 1200, $"main is only {main.Width} px wide");
            var lefts = await page.Locator(".outline-row .outline-actions").EvaluateAllAsync<double[]>("els => els.map(e => e.getBoundingClientRect().left)");
            Assert.Single(lefts.Distinct());
        }

        // Delete still asks before anything goes.
        await delete.ClickAsync();
        await Expect(page.Locator("#confirm-delete")).ToContainTextAsync("Delete “");

        foreach (var path in new[] { "/admin", "/admin/enrollments", "/admin/payments", "/admin/disputes", "/admin/emails", "/admin/people", "/admin/audit" })
        {
            await page.GotoAsync(Url(path));
            var scroll = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(scroll <= width, $"{path} is {scroll} px wide on a {width} px screen");
        }
    });

    /// <summary>On a phone the header's links sit behind the Menu button; it is opened only when closed.</summary>
    private static async Task OpenHeaderMenuAsync(IPage page, bool phone)
    {
        if (!phone) return;
        var menu = page.Locator("header details.site-menu");
        if (await menu.GetAttributeAsync("open") is null) await menu.Locator("summary").ClickAsync();
    }
}
