using System.Net;
using System.Text.RegularExpressions;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Completion;
using AnxiousToSecure.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Catalog;

/// <summary>The course page's sales sections, and the free preview: readable by anyone, nothing else with it.</summary>
[Trait("Category", "Catalog")]
public sealed partial class SalesPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly CourseDocument Course = CourseContentReader.ReadFolder(TestPaths.CourseContent);
    private static readonly LessonDocument Preview = Course.Modules.SelectMany(m => m.Lessons).Single(l => l.FreePreview);
    private static readonly LessonDocument Closed = Course.Modules.SelectMany(m => m.Lessons).First(l => !l.FreePreview && l.Published);

    private static string Fingerprint(LessonDocument lesson) =>
        Paragraph().Matches(new LessonRenderer().ToSafeHtml(lesson.BodyMarkdown)).Select(m => m.Value).MaxBy(p => p.Length)!;

    [Fact]
    public async Task The_course_page_shows_who_it_is_for_the_modules_the_author_and_the_faq_and_links_the_free_lesson()
    {
        var (response, page) = await BrowserlessClient.Create(app).GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = page.DocumentElement.TextContent;
        Assert.Contains("Hannah Dorsher", page.QuerySelector(".about-author")!.TextContent);
        Assert.Contains("MA, LPC, NCC, CAT, EMDR", page.QuerySelector(".about-author")!.TextContent);
        Assert.Contains("Fort Collins, Colorado", page.QuerySelector(".about-author")!.TextContent);
        Assert.Equal(Course.SalesPage.ForYouIf.Count, page.QuerySelectorAll(".for-you li").Length);
        Assert.Equal(Course.SalesPage.NotForYouIf.Count, page.QuerySelectorAll(".not-for-you li").Length);
        Assert.Equal(Course.SalesPage.Faq.Select(f => f.Question), page.QuerySelectorAll(".faq summary").Select(s => s.TextContent.Trim()));
        foreach (var module in Course.Modules) Assert.Contains(module.Summary, text);
        Assert.Contains(page.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"learn/{Preview.Slug}");
        // No testimonial is shown until a student's note is approved: none is invented.
        Assert.Null(page.QuerySelector(".testimonials"));
    }

    [Fact]
    public async Task An_anonymous_visitor_reads_the_free_lesson_with_an_invitation_and_no_journal()
    {
        var client = BrowserlessClient.Create(app);
        var (response, page) = await client.GetAsync($"/learn/{Preview.Slug}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = page.DocumentElement.OuterHtml;
        Assert.Contains(Fingerprint(Preview), html);
        Assert.Contains("Create an account to keep a private journal", page.QuerySelector("#preview-invitation")!.TextContent);
        Assert.Null(page.QuerySelector("form.journal-form"));
        Assert.Null(page.QuerySelector("form.complete-form"));

        var (closed, closedPage) = await client.GetAsync($"/learn/{Closed.Slug}");
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.DoesNotContain(Fingerprint(Closed), closedPage.DocumentElement.OuterHtml);
    }

    [Fact]
    public async Task A_signed_in_visitor_without_enrollment_reads_the_free_lesson_invited_to_enroll_and_nothing_else()
    {
        var (client, _) = await app.SignInNewStudentAsync(enrolledAt: null);
        var (response, page) = await client.GetAsync($"/learn/{Preview.Slug}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Fingerprint(Preview), page.DocumentElement.OuterHtml);
        Assert.Contains("Enroll to keep your private journal", page.QuerySelector("#preview-invitation")!.TextContent);
        Assert.Null(page.QuerySelector("form.journal-form"));

        var (closed, closedPage) = await client.GetAsync($"/learn/{Closed.Slug}");
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.DoesNotContain(Fingerprint(Closed), closedPage.DocumentElement.OuterHtml);
    }

    [Fact]
    public async Task An_enrolled_student_reads_the_free_lesson_as_her_own_with_journal_and_progress()
    {
        var (client, _) = await app.SignInNewStudentAsync(AppFactory.StartTime.AddDays(-1));
        var (response, page) = await client.GetAsync($"/learn/{Preview.Slug}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(page.QuerySelector("form.journal-form"));
        Assert.NotNull(page.QuerySelector("form.complete-form"));
        Assert.Null(page.QuerySelector("#preview-invitation"));
    }

    [Fact]
    public async Task An_approved_note_appears_on_the_course_page_and_leaves_it_when_withdrawn()
    {
        var student = await app.CreateStudentAsync($"note-{Guid.NewGuid():N}@example.com", AppFactory.StartTime.AddDays(-200));
        Guid noteId;
        await using (var db = app.Database.CreateContext())
        {
            var note = new CompletionNote
            {
                UserId = student.Id, CourseId = db.Courses.OrderBy(c => c.Id).First().Id, Text = "lantern-heron-quiet", Consent = NoteConsent.Anonymous,
                CreatedAt = AppFactory.StartTime, UpdatedAt = AppFactory.StartTime,
            };
            db.Add(note);
            await db.SaveChangesAsync();
            noteId = note.Id;
        }
        var actor = new AuditActor(null, "instructor@example.com");
        using (var scope = app.Services.CreateScope())
        {
            Assert.Equal(NoteReviewResult.Done, await scope.ServiceProvider.GetRequiredService<CompletionService>().ApproveAsync(noteId, actor));
        }
        var (_, page) = await BrowserlessClient.Create(app).GetAsync("/");
        Assert.Contains("lantern-heron-quiet", page.QuerySelector(".testimonials")!.TextContent);

        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CompletionService>().WithdrawAsync(noteId, actor);
        }
        var (_, after) = await BrowserlessClient.Create(app).GetAsync("/");
        Assert.Null(after.QuerySelector(".testimonials"));
    }

    [GeneratedRegex("<p>.*?</p>", RegexOptions.Singleline)]
    private static partial Regex Paragraph();
}
