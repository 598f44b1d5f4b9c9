using System.Net.Http.Headers;

namespace AnxiousToSecure.TestSupport.Author;

/// <summary>Uploads a course zip from /author/import as the page's form does, with its antiforgery token.</summary>
public static class CourseZipUpload
{
    public static async Task<HttpResponseMessage> PostAsync(BrowserlessClient client, byte[] zip)
    {
        var (_, page) = await client.GetAsync("/author/import");
        var token = page.QuerySelector("form#import-upload input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var file = new ByteArrayContent(zip);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "zip", "course.zip");
        return await client.Http.PostAsync("/author/import/upload", form);
    }
}
