using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AnxiousToSecure.Core.Author;

public sealed record AttachmentInfo(Guid Id, int LessonId, string FileName, string ContentType, long Size, DateTimeOffset UploadedAt)
{
    public string Url => ContentFile.UrlOf(Id, FileName);
}

public sealed record AttachmentUpload(bool Ok, string Message);

/// <summary>Lesson attachments: a short list of file types, checked by their first bytes as well as their name, and a size limit.</summary>
public sealed class LessonAttachments(AppDbContext db, TimeProvider time, NpgsqlDataSource dataSource, CourseContentCache? contentCache = null)
{
    public const long MaxBytes = AttachmentTypes.MaxBytes;

    public static string AllowedList => AttachmentTypes.AllowedList;

    public async Task<IReadOnlyList<AttachmentInfo>> ListAsync(int lessonId, CancellationToken ct = default)
    {
        return await db.LessonAttachments.AsNoTracking().Where(a => a.LessonId == lessonId).OrderBy(a => a.FileName)
            .Select(a => new AttachmentInfo(a.Id, a.LessonId, a.FileName, a.ContentType, a.Size, a.UploadedAt)).ToListAsync(ct);
    }

    public async Task<AttachmentUpload> UploadAsync(int lessonId, string fileName, Stream content, long length, AuditActor actor, CancellationToken ct = default)
    {
        var name = Path.GetFileName(fileName ?? "").Trim();
        if (name.Length is 0 or > 150 || name.Any(c => char.IsControl(c) || c is '/' or '\\'))
        {
            return new(false, "The file needs a plain name of at most 150 characters.");
        }
        if (length > MaxBytes) return new(false, $"'{name}' is {length / 1024 / 1024.0:F1} MB; attachments can be at most {MaxBytes / 1024 / 1024} MB.");
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        if (AttachmentTypes.Problem(name, bytes) is { } problem) return new(false, problem);

        var lesson = await db.Lessons.SingleOrDefaultAsync(l => l.Id == lessonId, ct);
        if (lesson is null) return new(false, "That lesson no longer exists.");
        var existing = await db.LessonAttachments.SingleOrDefaultAsync(a => a.LessonId == lessonId && a.FileName == name, ct);
        if (existing is not null) db.LessonAttachments.Remove(existing);
        db.LessonAttachments.Add(new LessonAttachment
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()), LessonId = lessonId, FileName = name, ContentType = AttachmentTypes.ContentType(name),
            Size = bytes.Length, Content = bytes, UploadedAt = time.GetUtcNow(),
        });
        AuditLog.Write(db, time, actor, existing is null ? AuditActions.Attachment.Added : AuditActions.Attachment.Replaced, null, $"lesson:{lessonId}", $"{lesson.Slug}/{name} ({bytes.Length} bytes)");
        try
        {
            await ContentWrites.RunAsync(db, contentCache, ct => db.SaveChangesAsync(ct), ct);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException && StorageFull.Is(e))
        {
            // One transaction: no row, no audit entry, the old file (if any) still in place.
            db.ChangeTracker.Clear();
            return new(false, $"'{name}' was not saved: the database's storage is full. Nothing was changed; tell the site's operator, then upload it again.");
        }
        return new(true, existing is null ? $"'{name}' added." : $"'{name}' replaced.");
    }

    public async Task<bool> DeleteAsync(Guid id, AuditActor actor, CancellationToken ct = default)
    {
        var attachment = await db.LessonAttachments.Include(a => a.Lesson).SingleOrDefaultAsync(a => a.Id == id, ct);
        if (attachment is null) return false;
        db.LessonAttachments.Remove(attachment);
        // A deleted recording is no longer the audio version, even if a file of that name comes back later.
        if (attachment.Lesson!.AudioFileName == attachment.FileName) attachment.Lesson.AudioFileName = null;
        AuditLog.Write(db, time, actor, AuditActions.Attachment.Deleted, null, $"lesson:{attachment.LessonId}", $"{attachment.Lesson!.Slug}/{attachment.FileName}");
        await ContentWrites.RunAsync(db, contentCache, ct => db.SaveChangesAsync(ct), ct);
        return true;
    }

    /// <summary>The name of the lesson's audio version (one of its files), or null.</summary>
    public async Task<string?> AudioFileNameAsync(int lessonId, CancellationToken ct = default) =>
        await db.Lessons.AsNoTracking().Where(l => l.Id == lessonId).Select(l => l.AudioFileName).SingleOrDefaultAsync(ct);

    /// <summary>
    /// Makes one of the lesson's recordings its audio version (what "Listen" plays), or, with null,
    /// takes the audio version off so the browser reads the text aloud. An edit in the app like any
    /// other: audited, and an import of a folder that says otherwise must be told what to do.
    /// </summary>
    public async Task<AttachmentUpload> SetAudioAsync(int lessonId, Guid? attachmentId, AuditActor actor, CancellationToken ct = default)
    {
        var lesson = await db.Lessons.SingleOrDefaultAsync(l => l.Id == lessonId, ct);
        if (lesson is null) return new(false, "That lesson no longer exists.");
        string? name = null;
        if (attachmentId is { } id)
        {
            var file = await db.LessonAttachments.AsNoTracking().Where(a => a.Id == id && a.LessonId == lessonId)
                .Select(a => new { a.FileName, a.ContentType }).SingleOrDefaultAsync(ct);
            if (file is null) return new(false, "That file is not one of this lesson's files.");
            if (!file.ContentType.StartsWith("audio/", StringComparison.Ordinal)) return new(false, $"'{file.FileName}' is not a recording: only an MP3 or M4A file can be the audio version.");
            name = file.FileName;
        }
        if (lesson.AudioFileName == name) return new(true, name is null ? "The lesson has no audio version." : $"'{name}' is the audio version.");
        var before = lesson.AudioFileName;
        lesson.AudioFileName = name;
        var now = time.GetUtcNow();
        lesson.UpdatedAt = now;
        lesson.EditedInAppAt = now;
        AuditLog.Write(db, time, actor, name is null ? AuditActions.Attachment.AudioCleared : AuditActions.Attachment.AudioChosen, null,
            $"lesson:{lessonId}", $"{lesson.Slug}/{name ?? before}");
        await ContentWrites.RunAsync(db, contentCache, ct => db.SaveChangesAsync(ct), ct);
        return new(true, name is null
            ? "The lesson has no audio version now: “Listen” reads the text aloud."
            : $"'{name}' is now the audio version: “Listen” plays it.");
    }

    /// <summary>The file's description and the slug of its lesson, without its bytes (the caller decides whether the reader may have it).</summary>
    public async Task<(AttachmentInfo File, string LessonSlug)?> OpenAsync(Guid id, CancellationToken ct = default)
    {
        var found = await db.LessonAttachments.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new { File = new AttachmentInfo(a.Id, a.LessonId, a.FileName, a.ContentType, a.Size, a.UploadedAt), a.Lesson!.Slug })
            .SingleOrDefaultAsync(ct);
        return found is null ? null : (found.File, found.Slug);
    }

    /// <summary>The file's bytes as a seekable stream read from the database a chunk at a time (never the whole file at once).</summary>
    public Stream ReadContent(AttachmentInfo file) => new AttachmentContentStream(dataSource, file.Id, file.Size);
}
