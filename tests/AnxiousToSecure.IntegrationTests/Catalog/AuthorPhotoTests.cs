using System.Net;
using System.Net.Http.Headers;
using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Catalog;

/// <summary>The author's photo the course files name: served from the course page's own address, kept by browsers by its tag.</summary>
[Trait("Category", "Catalog")]
public sealed class AuthorPhotoTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_photo_named_in_the_course_files_is_shown_with_the_author_and_served_with_its_type_and_tag()
    {
        var client = BrowserlessClient.Create(app);
        // The course as it ships names no photo: nothing to serve, no image on the page.
        var (none, _) = await client.GetAsync("/" + AuthorPhotos.Path);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        var (_, before) = await client.GetAsync("/");
        Assert.Null(before.QuerySelector(".about-author img"));

        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52 };
        var course = CourseContentReader.ReadFolder(TestPaths.CourseContent);
        course = course with { SalesPage = course.SalesPage with { Author = course.SalesPage.Author! with { Photo = "author.png" } }, AuthorPhoto = png };
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CourseImporter>().ImportAsync(course, AppEditsPolicy.Keep);
        }

        var (_, page) = await client.GetAsync("/");
        var img = page.QuerySelector(".about-author img.author-photo");
        Assert.NotNull(img);
        Assert.Equal(AuthorPhotos.Path, img.GetAttribute("src"));
        Assert.Equal($"Photo of {course.SalesPage.Author!.Name}", img.GetAttribute("alt"));

        using var http = app.CreateClient();
        using var served = await http.GetAsync("/" + AuthorPhotos.Path);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await served.Content.ReadAsByteArrayAsync());
        var tag = served.Headers.ETag;
        Assert.NotNull(tag);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/" + AuthorPhotos.Path);
        again.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(tag.Tag));
        using var kept = await http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, kept.StatusCode);
    }
}
