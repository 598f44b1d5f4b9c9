using System.Security.Cryptography;
using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Catalog;

/// <summary>The author's photo as the course page shows it, with a tag of its bytes so a browser can keep it.</summary>
public sealed record AuthorPhotoFile(byte[] Bytes, string ContentType, string ETag);

/// <summary>Reads the photo the course files name (<c>author.photo</c>); null when there is none.</summary>
public sealed class AuthorPhotoSource(AppDbContext db)
{
    public async Task<AuthorPhotoFile?> GetAsync(CancellationToken ct = default)
    {
        var row = await db.Courses.AsNoTracking().TheCourse()
            .Select(c => new { c.AuthorPhoto, c.SalesPage })
            .FirstOrDefaultAsync(ct);
        if (row is not { AuthorPhoto: { Length: > 0 } bytes, SalesPage.Author.Photo: { } name }) return null;
        var tag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..32] + "\"";
        return new AuthorPhotoFile(bytes, AttachmentTypes.ContentType(name), tag);
    }
}
