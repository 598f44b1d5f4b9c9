using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace AnxiousToSecure.Web.Components.Shared;

/// <summary>A sentence a page may show after an action; <c>{0}</c>, if present, is filled with the action's note.</summary>
public sealed record FlashMessage(string Text, bool IsError = false)
{
    public bool NeedsNote => Text.Contains("{0}", StringComparison.Ordinal);

    public string With(string? note) => NeedsNote ? string.Format(CultureInfo.InvariantCulture, Text, note) : Text;
}

/// <summary>
/// Links back to a page after an action, for <see cref="Flash"/>: <c>?done=key</c> picks one sentence
/// from the page's fixed list. Some sentences carry what only the server knew at the time (an import's
/// counts, Stripe's reason, which file): that note travels sealed and short-lived (Data Protection,
/// 10 minutes), so a crafted link cannot make a page say anything the app did not write.
/// </summary>
public sealed class FlashNotes(IDataProtectionProvider protection)
{
    public const string KeyParameter = "done";
    public const string NoteParameter = "note";

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ITimeLimitedDataProtector protector = protection.CreateProtector("AnxiousToSecure.Flash.v1").ToTimeLimitedDataProtector();

    /// <summary><paramref name="path"/> with the outcome key and, if given, the sealed note.</summary>
    public string Link(string path, string key, string? note = null)
    {
        var link = $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{KeyParameter}={Uri.EscapeDataString(key)}";
        return note is null ? link : $"{link}&{NoteParameter}={Uri.EscapeDataString(Seal(note))}";
    }

    public string Seal(string note) => Seal(note, Lifetime);

    /// <summary>A note that must outlive a glance at the page, e.g. a question waiting for the instructor's answer.</summary>
    public string Seal(string note, TimeSpan lifetime) => protector.Protect(note, lifetime);

    /// <summary>The note, or null if it is missing, forged, for another purpose or expired.</summary>
    public string? Open(string? sealedNote)
    {
        if (string.IsNullOrEmpty(sealedNote)) return null;
        try
        {
            return protector.Unprotect(sealedNote, out _);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
