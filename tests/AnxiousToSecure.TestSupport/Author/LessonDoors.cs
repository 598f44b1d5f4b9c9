using System.Net;
using Xunit;

namespace AnxiousToSecure.TestSupport.Author;

/// <summary>
/// Whether a person can read the course, asked through the real lesson pages. The welcome lesson is a free
/// preview that anyone may read, so access is proven on the first lesson that is not one, and on whether
/// the preview shows her own journal (hers) or the read-only page with an invitation (anyone's).
/// </summary>
public static class LessonDoors
{
    /// <summary>The first lesson that is not a free preview redirects her away, and the preview is read-only.</summary>
    public static async Task AssertShutOutAsync(this BrowserlessClient client)
    {
        var closed = CourseFiles.FirstClosedLesson.Slug;
        var (response, _) = await client.GetAsync($"/learn/{closed}");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"/learn/{closed} answered {(int)response.StatusCode}");
        foreach (var preview in CourseFiles.FreePreviews)
        {
            var (open, page) = await client.GetAsync($"/learn/{preview.Slug}");
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
            Assert.NotNull(page.QuerySelector("#preview-invitation"));
            Assert.Null(page.QuerySelector("form.journal-form"));
            Assert.Null(page.QuerySelector("form.complete-form"));
        }
    }

    /// <summary>Her own lesson page, journal and progress included (not the read-only preview).</summary>
    public static async Task AssertReadsAsStudentAsync(this BrowserlessClient client, string slug)
    {
        var (response, page) = await client.GetAsync($"/learn/{slug}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(page.QuerySelector("form.journal-form"));
        Assert.Null(page.QuerySelector("#preview-invitation"));
    }
}
