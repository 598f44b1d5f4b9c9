using System.Net;
using System.Text.RegularExpressions;
using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.IntegrationTests.Learn;

/// <summary>Who may read which lesson, checked through the real pages over HTTP.</summary>
[Trait("Category", "Learn")]
public sealed partial class LessonAccessTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly CourseDocument Course = CourseContentReader.ReadFolder(TestPaths.CourseContent);
    private static readonly LessonDocument FirstLesson = Course.Modules.SelectMany(m => m.Lessons).First(l => l.ReleaseAfterDays == 0);
    /// <summary>The first lesson that is not the free preview (which anyone may read: see SalesPageTests).</summary>
    private static readonly LessonDocument ClosedLesson = Course.Modules.SelectMany(m => m.Lessons).First(l => !l.FreePreview && l.Published);
    private static readonly LessonDocument LaterLesson = Course.Modules.SelectMany(m => m.Lessons).First(l => l.ReleaseAfterDays > 0);

    /// <summary>The lesson's longest rendered paragraph of prose (a footnote is the page's own markup): present only where the lesson itself is shown.</summary>
    private static string Fingerprint(LessonDocument lesson)
    {
        var prose = System.Text.RegularExpressions.Regex.Replace(lesson.BodyMarkdown, @"(?m)^\[\^[^\]]+\]:.*$", "");
        var paragraph = Paragraph().Matches(new LessonRenderer().ToSafeHtml(prose)).Select(m => m.Value).Where(p => !p.Contains("[^", StringComparison.Ordinal)).MaxBy(p => p.Length) ?? "";
        Assert.True(paragraph.Length > 40, $"lesson {lesson.Slug} needs a first paragraph to recognise it by");
        return paragraph;
    }

    private static void AssertShowsLesson(string html, LessonDocument lesson) => Assert.Contains(Fingerprint(lesson), html);

    private static void AssertHidesLesson(string html, LessonDocument lesson)
    {
        Assert.DoesNotContain(Fingerprint(lesson), html);
        Assert.DoesNotContain("class=\"lesson\"", html);
    }

    private async Task<BrowserlessClient> SignedInAsync(DateTimeOffset? enrolledAt) => (await app.SignInNewStudentAsync(enrolledAt)).Client;

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_sign_in_and_never_sees_the_lesson()
    {
        var client = BrowserlessClient.Create(app);
        var (response, page) = await client.GetAsync($"/learn/{ClosedLesson.Slug}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.OriginalString.TrimStart('.').Replace("https://localhost", ""));
        AssertHidesLesson(page.DocumentElement.OuterHtml, ClosedLesson);
    }

    [Fact]
    public async Task A_signed_in_user_without_enrollment_gets_the_course_page_with_an_explanation()
    {
        var client = await SignedInAsync(enrolledAt: null);
        var (response, _) = await client.GetAsync($"/learn/{ClosedLesson.Slug}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var (landing, page) = await client.GetAsync(response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        Assert.Contains("Once you are enrolled", page.QuerySelector(".notice")!.TextContent);
        AssertHidesLesson(page.DocumentElement.OuterHtml, ClosedLesson);
    }

    [Fact]
    public async Task An_enrolled_student_reads_an_unlocked_lesson_but_not_a_locked_one_until_it_opens()
    {
        var client = await SignedInAsync(enrolledAt: app.Clock.GetUtcNow());

        var (open, openPage) = await client.GetAsync($"/learn/{FirstLesson.Slug}");
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        AssertShowsLesson(openPage.DocumentElement.OuterHtml, FirstLesson);
        // Hers, not the free preview's read-only page: her journal is there.
        Assert.NotNull(openPage.QuerySelector("form.journal-form"));

        var (locked, _) = await client.GetAsync($"/learn/{LaterLesson.Slug}");
        Assert.Equal(HttpStatusCode.Redirect, locked.StatusCode);
        var (_, explanation) = await client.GetAsync(locked.Headers.Location!.OriginalString);
        Assert.Contains("isn't open yet", explanation.QuerySelector(".notice")!.TextContent);
        Assert.Contains("8:00 am", explanation.QuerySelector(".notice")!.TextContent);
        AssertHidesLesson(explanation.DocumentElement.OuterHtml, LaterLesson);

        app.Clock.Advance(TimeSpan.FromDays(LaterLesson.ReleaseAfterDays + 1));
        var (later, laterPage) = await client.GetAsync($"/learn/{LaterLesson.Slug}");
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        AssertShowsLesson(laterPage.DocumentElement.OuterHtml, LaterLesson);
    }

    [Theory]
    [InlineData(EnrollmentStatus.Revoked)]
    [InlineData(EnrollmentStatus.Refunded)]
    [InlineData(EnrollmentStatus.Disputed)]
    public async Task An_inactive_enrollment_loses_access(EnrollmentStatus status)
    {
        // Thirty days in, the first lesson that is not a free preview has opened for her.
        Assert.True(ClosedLesson.ReleaseAfterDays < 30, $"{ClosedLesson.Slug} opens after the thirtieth day");
        var (client, user) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-30));
        var (before, beforePage) = await client.GetAsync($"/learn/{ClosedLesson.Slug}");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        AssertShowsLesson(beforePage.DocumentElement.OuterHtml, ClosedLesson);

        await using (var db = app.CreateAppContext())
        {
            await db.Enrollments.Where(e => e.UserId == user.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, status));
        }

        var (response, _) = await client.GetAsync($"/learn/{ClosedLesson.Slug}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("access=EnrollmentInactive", response.Headers.Location!.OriginalString);
        var (_, page) = await client.GetAsync(response.Headers.Location!.OriginalString);
        AssertHidesLesson(page.DocumentElement.OuterHtml, ClosedLesson);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/learn")).Response.StatusCode);

        // The free preview stays readable, as to any visitor, but read-only: no journal, no progress.
        foreach (var preview in CourseFiles.FreePreviews)
        {
            var (open, previewPage) = await client.GetAsync($"/learn/{preview.Slug}");
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
            AssertShowsLesson(previewPage.DocumentElement.OuterHtml, preview);
            Assert.NotNull(previewPage.QuerySelector("#preview-invitation"));
            Assert.Null(previewPage.QuerySelector("form.journal-form"));
            Assert.Null(previewPage.QuerySelector("form.complete-form"));
        }
    }

    [Fact]
    public async Task Completing_and_uncompleting_a_lesson_updates_the_dashboard()
    {
        var client = await SignedInAsync(enrolledAt: app.Clock.GetUtcNow().AddDays(-1));
        var total = Course.Modules.Sum(m => m.Lessons.Count(l => l.Published));

        var (_, dashboard) = await client.GetAsync("/learn");
        Assert.Contains($"0 of {total} lessons completed", dashboard.QuerySelector(".progress-text")!.TextContent);

        var url = $"/learn/{FirstLesson.Slug}";
        var (_, lesson) = await client.GetAsync(url);
        var complete = await client.SubmitAsync(lesson, "form.complete-form", url);
        Assert.Equal(HttpStatusCode.Redirect, complete.StatusCode);

        (_, dashboard) = await client.GetAsync("/learn");
        Assert.Contains($"1 of {total} lessons completed", dashboard.QuerySelector(".progress-text")!.TextContent);
        (_, lesson) = await client.GetAsync(url);
        Assert.Contains("You completed this lesson", lesson.DocumentElement.TextContent);

        await client.SubmitAsync(lesson, "form.complete-form", url);
        (_, dashboard) = await client.GetAsync("/learn");
        Assert.Contains($"0 of {total} lessons completed", dashboard.QuerySelector(".progress-text")!.TextContent);
    }

    [Fact]
    public async Task The_dashboard_offers_the_lesson_she_left_off_at()
    {
        var client = await SignedInAsync(enrolledAt: app.Clock.GetUtcNow().AddDays(-60));
        var lessons = Course.Modules.SelectMany(m => m.Lessons).ToList();
        await client.GetAsync($"/learn/{lessons[1].Slug}");

        var (_, dashboard) = await client.GetAsync("/learn");
        var link = dashboard.QuerySelector(".card a.button")!;
        Assert.Equal($"learn/{lessons[1].Slug}", link.GetAttribute("href"));
        Assert.Contains("Continue where you left off", dashboard.DocumentElement.TextContent);
    }

    [Fact]
    public async Task A_content_note_is_shown_before_the_lesson_text()
    {
        var noted = Course.Modules.SelectMany(m => m.Lessons).First(l => l.ContentNote is not null);
        var client = await SignedInAsync(enrolledAt: app.Clock.GetUtcNow().AddDays(-noted.ReleaseAfterDays - 1));

        var (_, page) = await client.GetAsync($"/learn/{noted.Slug}");
        var html = page.DocumentElement.OuterHtml;
        var note = html.IndexOf("class=\"content-note\"", StringComparison.Ordinal);
        Assert.True(note > 0, "the content note is missing");
        Assert.True(note < html.IndexOf(Fingerprint(noted), StringComparison.Ordinal), "the content note comes after the lesson text");
        Assert.Contains(noted.ContentNote!, page.QuerySelector(".content-note")!.TextContent);
    }

    [Fact]
    public async Task An_unknown_lesson_is_not_found()
    {
        var client = await SignedInAsync(enrolledAt: app.Clock.GetUtcNow());
        var (response, _) = await client.GetAsync("/learn/no-such-lesson");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_unpublished_lesson_is_not_found_even_for_an_enrolled_student()
    {
        // A lesson of the test's own: the real course's lessons stay as they are for the other tests here.
        var lesson = await ScratchLesson.PublishAsync(app, releaseAfterDays: 0);
        var client = await SignedInAsync(enrolledAt: app.Clock.GetUtcNow().AddDays(-60));
        var (open, page) = await client.GetAsync($"/learn/{lesson.Slug}");
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Contains(lesson.Text, page.DocumentElement.TextContent);

        await lesson.ChangeAsync(d => d.Published = false);

        var (response, hidden) = await client.GetAsync($"/learn/{lesson.Slug}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(lesson.Text, hidden.DocumentElement.TextContent);
    }

    [GeneratedRegex("<p>.+?</p>")]
    private static partial Regex Paragraph();
}
