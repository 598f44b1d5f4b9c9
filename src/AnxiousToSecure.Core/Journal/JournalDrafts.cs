using System.Security.Cryptography;
using System.Text;

namespace AnxiousToSecure.Core.Journal;

/// <summary>
/// Where a reflection box keeps its unsaved text in the browser (localStorage). Each key carries an
/// opaque owner, a hash of her user id (never her email), so on a shared device a draft is only ever
/// offered back to the account that wrote it; the script drops every draft of another owner, and any
/// draft older than <see cref="Lifetime"/>. Signing in or out clears the browser's storage for the site.
/// </summary>
public static class JournalDrafts
{
    public const string KeyPrefix = "journal:";

    /// <summary>A draft not saved within a day is dropped rather than restored (the script holds the same figure).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    /// <summary>
    /// The owner part of her draft keys, and of the name of the service worker's cache of her pages: the same
    /// on every page and device for her, meaningless to anyone else.
    /// </summary>
    public static string Owner(string userId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("AnxiousToSecure.JournalDraft.v1:" + userId)))[..32];

    public static string Key(string userId, string lessonSlug) => $"{KeyPrefix}{Owner(userId)}:{lessonSlug}";
}
