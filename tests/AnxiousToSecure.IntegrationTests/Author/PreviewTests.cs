using System.IO.Compression;
using System.Net;
using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;

namespace AnxiousToSecure.IntegrationTests.Author;

/// <summary>The instructor sees the course as a student on day N would, and downloads it as files.</summary>
[Trait("Category", "Author")]
public sealed class PreviewTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly CourseDocument Course = CourseContentReader.ReadFolder(TestPaths.CourseContent);
    private static readonly IReadOnlyList<LessonDocument> Lessons = [.. Course.Modules.SelectMany(m => m.Lessons)];

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(30)]
    public async Task The_outline_on_day_N_opens_exactly_the_lessons_released_by_then(int day)
    {
        var instructor = await app.SignInNewUserAsync(Roles.Instructor);
        var (response, page) = await instructor.GetAsync($"/author/preview?day={day}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var open = page.QuerySelectorAll("li.lesson-available a").Select(a => a.TextContent.Trim()).ToList();
        var locked = page.QuerySelectorAll("li.lesson-locked a").Select(a => a.TextContent.Trim()).ToList();
        // The clock stands at 15:00 UTC (10:00 in New York), after the 08:00 unlock, so day N's lesson is open.
        Assert.Equal(Lessons.Where(l => l.ReleaseAfterDays <= day).Select(l => l.Title), open);
        Assert.Equal(Lessons.Where(l => l.ReleaseAfterDays > day).Select(l => l.Title), locked);
    }

    [Fact]
    public async Task A_lesson_locked_on_day_N_shows_the_locked_notice_not_its_text()
    {
        var admin = await app.SignInNewUserAsync(Roles.Admin);
        var later = Lessons.First(l => l.ReleaseAfterDays > 3);
        var (_, locked) = await admin.GetAsync($"/author/preview/{later.Slug}?day=3");
        Assert.Contains($"opens on day {later.ReleaseAfterDays}", locked.QuerySelector("[role=status]")!.TextContent);
        Assert.Null(locked.QuerySelector("article.lesson"));

        var (_, open) = await admin.GetAsync($"/author/preview/{later.Slug}?day={later.ReleaseAfterDays}");
        Assert.Equal(later.Title, open.QuerySelector("article.lesson h1")!.TextContent);
        Assert.Contains(new LessonRenderer().ToSafeHtml(later.BodyMarkdown)[..60], open.QuerySelector(".prose")!.InnerHtml);
    }

    [Fact]
    public async Task The_course_downloads_as_a_zip_of_the_course_content_files()
    {
        var instructor = await app.SignInNewUserAsync(Roles.Instructor);
        var response = await instructor.Http.GetAsync("/author/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);

        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        var files = zip.Entries.ToDictionary(e => e.FullName["course-content/".Length..], e => new StreamReader(e.Open()).ReadToEnd());
        var expected = Directory.EnumerateFiles(TestPaths.CourseContent, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(TestPaths.CourseContent, f).Replace('\\', '/'), File.ReadAllText);
        Assert.Equal(expected.Keys.Order(), files.Keys.Order());
        Assert.All(expected, kv => Assert.Equal(kv.Value, files[kv.Key]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(Roles.Student)]
    public async Task Visitors_and_students_cannot_preview_or_download(string? role)
    {
        var client = role is null ? BrowserlessClient.Create(app) : await app.SignInNewUserAsync(role);
        foreach (var url in new[] { "/author/preview", "/author/preview/welcome?day=3", "/author/export" })
        {
            var response = await client.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains(role is null ? "/Account/Login" : "/Account/AccessDenied", response.Headers.Location!.OriginalString);
        }
    }
}
