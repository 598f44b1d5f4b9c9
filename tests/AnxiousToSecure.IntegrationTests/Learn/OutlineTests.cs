using System.Net;
using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.TestSupport;

namespace AnxiousToSecure.IntegrationTests.Learn;

[Trait("Category", "Learn")]
public sealed class OutlineTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_outline_shows_completed_available_and_locked_lessons_with_local_unlock_times()
    {
        // Enrolled now (2026-03-02 15:00 UTC) by a student in Tokyo: day-2 lessons open 2026-03-05 08:00 JST.
        var (client, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow(), timeZone: "Asia/Tokyo");
        var course = CourseContentReader.ReadFolder(TestPaths.CourseContent);
        var lessons = course.Modules.SelectMany(m => m.Lessons).ToList();

        var (_, lessonPage) = await client.GetAsync($"/learn/{lessons[0].Slug}");
        await client.SubmitAsync(lessonPage, "form.complete-form", $"/learn/{lessons[0].Slug}");

        var (response, outline) = await client.GetAsync("/learn/outline");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = outline.QuerySelectorAll(".lesson-list li").ToList();
        Assert.Equal(lessons.Count(l => l.Published), items.Count);
        Assert.Equal("lesson-completed", items[0].ClassName);
        Assert.Contains("Completed", items[0].TextContent);

        var dayTwo = lessons.FindIndex(l => l.ReleaseAfterDays == 2);
        Assert.Equal("lesson-locked", items[dayTwo].ClassName);
        Assert.Contains("Opens Thursday 5 March, 8:00 am", items[dayTwo].TextContent);
        Assert.Null(items[dayTwo].QuerySelector("a"));
        Assert.Contains("Asia/Tokyo", outline.DocumentElement.TextContent);
    }
}
