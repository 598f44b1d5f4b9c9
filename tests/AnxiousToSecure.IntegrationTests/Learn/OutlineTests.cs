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
        // Enrolled now (2026-03-02 15:00 UTC) by a student in Tokyo: day N's lessons open at 08:00 JST on 3 March + N.
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

        // The next lesson after the welcome, on whatever day the edition gives it: her first day is 3 March in Tokyo.
        var next = lessons.FindIndex(l => l.ReleaseAfterDays > 0);
        var opens = new DateTime(2026, 3, 3).AddDays(lessons[next].ReleaseAfterDays).ToString("dddd d MMMM", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("lesson-locked", items[next].ClassName);
        Assert.Contains($"Opens {opens}, 8:00 am", items[next].TextContent); // "Opens Friday 6 March, 8:00 am" for day 3
        Assert.Null(items[next].QuerySelector("a"));
        Assert.Contains("Asia/Tokyo", outline.DocumentElement.TextContent);
    }
}
