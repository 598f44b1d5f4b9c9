using System.IO.Compression;
using AnxiousToSecure.Core.Courses.Content;
using AnxiousToSecure.Core.Data;

namespace AnxiousToSecure.Web.Endpoints;

public static class AuthorEndpoints
{
    public static IEndpointRouteBuilder MapAuthorEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/author/export", ExportAsync).RequireAuthorization(p => p.RequireRole(Roles.Instructor, Roles.Admin));
        return app;
    }

    /// <summary>The course as it is now, in the course-content format, as a zip (the same files as <c>export-content</c>).</summary>
    private static async Task<IResult> ExportAsync(CourseExporter exporter, TimeProvider time, CancellationToken ct)
    {
        var course = await exporter.LoadAsync(ct);
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, text) in CourseContentWriter.Files(course))
            {
                var entry = zip.CreateEntry($"course-content/{path}", CompressionLevel.Optimal);
                await using var stream = await entry.OpenAsync(ct);
                await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), ct);
            }
        }
        buffer.Position = 0;
        return TypedResults.File(buffer, "application/zip", $"{course.Slug}-{time.GetUtcNow():yyyy-MM-dd}.zip");
    }
}
