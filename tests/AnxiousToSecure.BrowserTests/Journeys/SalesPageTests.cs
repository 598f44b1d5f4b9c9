using System.Text.RegularExpressions;
using AnxiousToSecure.BrowserTests.Infrastructure;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AnxiousToSecure.BrowserTests.Journeys;

/// <summary>
/// A visitor on a 390-pixel phone reads the course page (who it is for, the author, the questions), opens
/// the free lesson from it, reads it to the end and finds an invitation where the journal would be; the
/// instructor edits the course page's text and a visitor sees it. axe on each page.
/// </summary>
[Trait("Category", "Browser")]
public sealed class SalesPageTests(BrowserApp app, ITestOutputHelper output) : BrowserTest(app, output)
{
    private static readonly CourseDocument Course = CourseContentReader.ReadFolder(TestPaths.CourseContent);
    private static readonly LessonDocument Preview = Course.Modules.SelectMany(m => m.Lessons).Single(l => l.FreePreview);

    [Fact]
    public Task On_a_phone_a_visitor_reads_the_course_page_and_the_free_lesson_and_is_invited_to_keep_a_journal() =>
        JourneyAsync(async () =>
        {
            var page = await NewPageAsync(phone: true);
            await page.GotoAsync(Url("/"));
            await Expect(page.Locator(".about-author")).ToContainTextAsync(Course.SalesPage.Author!.Name);
            await Expect(page.Locator(".for-you li").First).ToHaveTextAsync(Course.SalesPage.ForYouIf[0]);
            await AssertFitsAsync(page, 390, "the course page");
            await AssertAccessibleAsync(page, "the course page");

            // A question opens by touch and shows its answer.
            var first = Course.SalesPage.Faq[0];
            await TapAsync(page.Locator(".faq summary", new() { HasText = first.Question }));
            await Expect(page.Locator(".faq details[open]")).ToContainTextAsync(first.Answer.Split('\n')[0][..40]);

            await TapAsync(page.Locator($"a[href='learn/{Preview.Slug}']").First);
            await Expect(page).ToHaveURLAsync(new Regex($"/learn/{Preview.Slug}$"));
            await Expect(page.Locator("h1")).ToHaveTextAsync(Preview.Title);
            await Expect(page.Locator(".preview-badge")).ToHaveTextAsync("Free preview");
            await Expect(page.Locator("#reflection-text")).ToHaveCountAsync(0);
            var invitation = page.GetByRole(AriaRole.Link, new() { Name = "Create an account to keep a private journal" });
            await invitation.ScrollIntoViewIfNeededAsync();
            await Expect(invitation).ToBeVisibleAsync();
            await AssertTappableAsync(invitation);
            await AssertFitsAsync(page, 390, "the free lesson");
            await AssertAccessibleAsync(page, "the free lesson");
            await ShotAsync(page, "free-lesson-phone");

            // The invitation leads to sign-up and back to the lesson.
            await TapAsync(invitation);
            await Expect(page).ToHaveURLAsync(new Regex("/Account/Register"));
            Assert.Contains(Uri.EscapeDataString("/learn/" + Preview.Slug), page.Url);
        });

    [Fact]
    public Task The_instructor_edits_the_course_page_and_a_visitor_reads_the_change() =>
        JourneyAsync(async () =>
        {
            var page = await NewPageAsync();
            await SignInAsync(page, App.BaseUrl, await App.CreateUserAsync(Roles.Instructor));
            await page.GotoAsync(Url("/author/course"));
            await Expect(page.Locator("h1")).ToHaveTextAsync("Course page");
            await AssertAccessibleAsync(page, "the course page editor");

            var line = $"You would like a gentle, self-paced start ({Guid.NewGuid():N}).";
            var forYou = page.Locator("#for-you");
            var before = await forYou.InputValueAsync();
            await forYou.FillAsync(before + "\n" + line);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save the course page" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved");

            var visitor = await NewPageAsync(phone: true);
            await visitor.GotoAsync(Url("/"));
            await Expect(visitor.Locator(".for-you li").Last).ToHaveTextAsync(line);

            // As it was, for the journeys that read the course page after this one.
            await page.Locator("#for-you").FillAsync(before);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save the course page" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved");
        });
}
