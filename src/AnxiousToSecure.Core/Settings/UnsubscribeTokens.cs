using System.Globalization;
using System.Security.Cryptography;
using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Smtp;
using Microsoft.AspNetCore.DataProtection;

namespace AnxiousToSecure.Core.Settings;

/// <summary>
/// Signed (and encrypted) unsubscribe tokens: the user id and her current unsubscribe stamp. Using a
/// token moves the stamp on, so each link works once; any change to a token makes it unreadable.
/// </summary>
public sealed class UnsubscribeTokens(IDataProtectionProvider dataProtection)
{
    private readonly IDataProtector protector = dataProtection.CreateProtector("AnxiousToSecure.Email.Unsubscribe.v1");

    public string Create(string userId, int stamp) => protector.Protect($"{stamp.ToString(CultureInfo.InvariantCulture)}:{userId}");

    public bool TryRead(string? token, out string userId, out int stamp)
    {
        userId = "";
        stamp = 0;
        if (string.IsNullOrWhiteSpace(token)) return false;
        string plain;
        try
        {
            plain = protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return false;
        }
        catch (FormatException)
        {
            return false;
        }
        var colon = plain.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !int.TryParse(plain.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out stamp)) return false;
        userId = plain[(colon + 1)..];
        return userId.Length > 0;
    }
}
