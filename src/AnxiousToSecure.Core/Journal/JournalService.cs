using System.Security.Cryptography;
using System.Text;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Settings;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AnxiousToSecure.Core.Journal;

public sealed record JournalItem(Guid Id, int LessonId, string LessonSlug, string LessonTitle, string Prompt, string Text, DateTimeOffset UpdatedAt);

public enum JournalSaveResult
{
    Saved,

    /// <summary>Empty text: the entry is removed rather than kept blank.</summary>
    Cleared,

    /// <summary>A new entry for a lesson she cannot read: refused. (Existing entries stay editable.)</summary>
    NoAccess,

    TooLong,
}

/// <summary>The private journal: encrypt on write, decrypt on read, always scoped to the signed-in student.</summary>
public sealed class JournalService(AppDbContext db, IDataProtectionProvider dataProtection, StudentCourseService courses, Settings.TimeZones zones, TimeProvider time, ILogger<JournalService> log)
{
    public const int MaxLength = 20_000;

    // A purpose per student: one student's key material cannot open another's entries, even by id.
    private IDataProtector ProtectorFor(string userId) => dataProtection.CreateProtector("AnxiousToSecure.Journal.v1", userId);

    public async Task<JournalItem?> GetAsync(string userId, int lessonId, CancellationToken ct = default) =>
        (await ListAsync(userId, lessonId, ct)).SingleOrDefault();

    public Task<List<JournalItem>> ListAsync(string userId, CancellationToken ct = default) => ListAsync(userId, null, ct);

    private async Task<List<JournalItem>> ListAsync(string userId, int? lessonId, CancellationToken ct)
    {
        var rows = await db.JournalEntries.AsNoTracking()
            .Where(e => e.UserId == userId && (lessonId == null || e.LessonId == lessonId))
            .OrderBy(e => e.Lesson!.Module!.Position).ThenBy(e => e.Lesson!.Position)
            .Select(e => new { e.Id, e.LessonId, e.Lesson!.Slug, e.Lesson.Title, e.Lesson.ReflectionPrompt, e.Ciphertext, e.UpdatedAt })
            .ToListAsync(ct);
        var protector = ProtectorFor(userId);
        var items = new List<JournalItem>(rows.Count);
        foreach (var r in rows)
        {
            // A row her key cannot open (moved or changed in the database) is left out, never shown or allowed to break her journal.
            if (TryOpen(protector, r.Ciphertext) is { } text) items.Add(new JournalItem(r.Id, r.LessonId, r.Slug, r.Title, r.ReflectionPrompt, text, r.UpdatedAt));
            else log.LogWarning("Journal entry {EntryId} cannot be decrypted with its owner's key and is left out", r.Id);
        }
        return items;
    }

    private static string? TryOpen(IDataProtector protector, string ciphertext)
    {
        try
        {
            return protector.Unprotect(ciphertext);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>
    /// Her entry on a lesson page, from the ciphertext the lesson's one read brought along
    /// (<see cref="LessonAccess.Journal"/>); null when she has none or her key cannot open it.
    /// </summary>
    public JournalItem? Open(string userId, LessonAccess access)
    {
        if (access is not { Journal: { } row, Item: { } lesson }) return null;
        if (TryOpen(ProtectorFor(userId), row.Ciphertext) is { } text)
        {
            return new JournalItem(row.Id, lesson.Id, lesson.Slug, lesson.Title, access.Lesson?.ReflectionPrompt ?? "", text, row.UpdatedAt);
        }
        log.LogWarning("Journal entry {EntryId} cannot be decrypted with its owner's key and is left out", row.Id);
        return null;
    }

    /// <summary>
    /// Saves her answer for a lesson (upsert). A new entry needs access to the lesson; her existing
    /// ones she may always edit. The access check and her existing entry come from one read.
    /// </summary>
    public async Task<JournalSaveResult> SaveAsync(string userId, string lessonSlug, string? text, CancellationToken ct = default)
    {
        text = (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);
        if (text.Length > MaxLength) return JournalSaveResult.TooLong;
        var access = await courses.GetLessonAsync(userId, lessonSlug, ct);
        // Enrolled, her state carries her zone: the "Saved …" words need not read it again.
        if (access.Course is { Enrollment: not null } course) zones.Know(userId, course.Zone);
        int lessonId;
        bool exists;
        if (access.Item is { } item)
        {
            lessonId = item.Id;
            exists = access.Journal is not null;
        }
        else
        {
            // Not a published lesson (any more): only an entry she already has can change.
            var lesson = await db.Lessons.AsNoTracking().Where(l => l.Slug == lessonSlug).Select(l => new { l.Id }).SingleOrDefaultAsync(ct);
            if (lesson is null) return JournalSaveResult.NoAccess;
            lessonId = lesson.Id;
            exists = await db.JournalEntries.AnyAsync(e => e.UserId == userId && e.LessonId == lessonId, ct);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            if (exists) await db.JournalEntries.Where(e => e.UserId == userId && e.LessonId == lessonId).ExecuteDeleteAsync(ct);
            return JournalSaveResult.Cleared;
        }
        if (!exists && !access.Granted) return JournalSaveResult.NoAccess;
        var now = time.GetUtcNow();
        // An upsert: two tabs creating the same entry at once both land, the later text wins.
        using (Learn.HerStateWrites.For(userId))
        {
            await JournalSql.SaveEntryAsync(db, Guid.CreateVersion7(now), userId, lessonId, ProtectorFor(userId).Protect(text), now, ct);
        }
        return JournalSaveResult.Saved;
    }

    /// <summary>Deletes one of her entries; another student's id simply matches nothing.</summary>
    public async Task<bool> DeleteAsync(string userId, Guid entryId, CancellationToken ct = default) =>
        await db.JournalEntries.Where(e => e.Id == entryId && e.UserId == userId).ExecuteDeleteAsync(ct) == 1;

    public Task<int> DeleteAllAsync(string userId, CancellationToken ct = default) =>
        db.JournalEntries.Where(e => e.UserId == userId).ExecuteDeleteAsync(ct);

    /// <summary>"Saved Thursday 3 December, 8:00 am.": what the reflection box and the journal page say after a save.</summary>
    public static string SavedMessage(DateTimeOffset at, TimeZoneInfo zone) => $"Saved {TimeDisplay.DateTime(at, zone)}.";

    public async Task<string> ExportMarkdownAsync(string userId, string courseTitle, TimeZoneInfo zone, CancellationToken ct = default)
    {
        var items = await ListAsync(userId, ct);
        var md = new StringBuilder().Append("# My journal: ").AppendLine(courseTitle).AppendLine();
        md.AppendLine($"Exported {TimeDisplay.DateTimeWithYear(time.GetUtcNow(), zone)}. {items.Count} entr{(items.Count == 1 ? "y" : "ies")}.").AppendLine();
        foreach (var item in items)
        {
            md.AppendLine($"## {item.LessonTitle}").AppendLine()
              .AppendLine($"> {item.Prompt.Trim().Replace("\n", "\n> ", StringComparison.Ordinal)}").AppendLine()
              .AppendLine(item.Text.Trim()).AppendLine()
              .AppendLine($"*Saved {TimeDisplay.DateTimeWithYear(item.UpdatedAt, zone)}*").AppendLine();
        }
        return md.ToString();
    }
}
