using AnxiousToSecure.Core.Catalog;
using Microsoft.Net.Http.Headers;

namespace AnxiousToSecure.Web.Features.Catalog;

/// <summary>The course page's own files: the author's photo, public like the page.</summary>
public static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/" + AuthorPhotos.Path, AuthorPhotoAsync).AllowAnonymous();
        return app;
    }

    /// <summary>200 with the image (revalidated by its tag), 304 when the browser has it, 404 when the course has no photo.</summary>
    private static async Task<IResult> AuthorPhotoAsync(HttpContext http, AuthorPhotoSource photos)
    {
        var photo = await photos.GetAsync(http.RequestAborted);
        if (photo is null) return TypedResults.NotFound();
        var tag = new EntityTagHeaderValue(photo.ETag);
        http.Response.Headers.CacheControl = "public, max-age=3600, must-revalidate";
        return TypedResults.File(photo.Bytes, photo.ContentType, entityTag: tag);
    }
}
