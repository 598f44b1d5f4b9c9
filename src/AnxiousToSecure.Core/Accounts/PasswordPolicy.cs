using AnxiousToSecure.Core.Data;
using Microsoft.AspNetCore.Identity;

namespace AnxiousToSecure.Core.Accounts;

/// <summary>
/// What a password must be (OWASP ASVS 5.0 V6.2): long enough and hard to guess, with no rules about
/// which kinds of characters it holds, so a passphrase of ordinary lower-case words is welcome.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 12;

    /// <summary>ASVS asks for at least 128; the cap only keeps a request from hashing megabytes.</summary>
    public const int MaxLength = 256;

    /// <summary>zxcvbn's 0-4 scale; 3 is "safely unguessable: moderate protection from an offline attack".</summary>
    public const int MinScore = 3;

    /// <summary>The rules as every password page states them.</summary>
    public const string Rules =
        "Use at least 12 characters: a few unrelated words make a good password, and any characters are fine, " +
        "spaces too. Common or easily guessed passwords, and ones made from your email, your name or this " +
        "site's name, are refused.";

    public const string GuessableCode = "PasswordGuessable";
    public const string TooLongCode = "PasswordTooLong";

    /// <summary>The words of this site that someone guessing a student's password would try first.</summary>
    internal static readonly string[] SiteWords =
    [
        "anxious", "secure", "anxioustosecure", "anxious to secure", "attachment", "anxious attachment",
        "healing", "heal", "course", "lesson", "lessons", "journal", "student", "instructor", "admin",
    ];

    /// <summary>The guessing estimate looks at this many characters: enough for any passphrase, and it stays fast.</summary>
    private const int EstimatedPrefix = 128;

    /// <summary>True when the password would fall early to someone who knows the site and the person's own words.</summary>
    public static bool IsGuessable(string password, IEnumerable<string?> personalWords)
    {
        var context = SiteWords.Concat(PersonalContext(personalWords)).ToList();
        var sample = password.Length > EstimatedPrefix ? password[..EstimatedPrefix] : password;
        return Zxcvbn.Zxcvbn.MatchPassword(sample, context).Score < MinScore;
    }

    /// <summary>Each value whole and in its parts: "jo.smith@mail.example" gives "jo", "smith", "mail" and "example" too.</summary>
    internal static IEnumerable<string> PersonalContext(IEnumerable<string?> values)
    {
        foreach (var value in values)
        {
            if (string.IsNullOrWhiteSpace(value)) continue;
            var lower = value.Trim().ToLowerInvariant();
            yield return lower;
            var at = lower.IndexOf('@', StringComparison.Ordinal);
            if (at > 0) yield return lower[..at];
            foreach (var part in lower.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
            {
                if (part.Length >= 3) yield return part;
            }
        }
    }

    private static readonly char[] Separators = [' ', '@', '.', '-', '_', '+', '\''];
}

/// <summary>Identity's check of every new password (register, reset, change, set) against <see cref="PasswordPolicy"/>.</summary>
public sealed class PasswordPolicyValidator : IPasswordValidator<ApplicationUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password)
    {
        password ??= "";
        // Too short is Identity's own check (RequiredLength is MinLength): it names the length, this one adds nothing.
        if (password.Length < PasswordPolicy.MinLength) return Task.FromResult(IdentityResult.Success);
        if (password.Length > PasswordPolicy.MaxLength)
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = PasswordPolicy.TooLongCode,
                Description = $"Passwords can be up to {PasswordPolicy.MaxLength} characters long.",
            }));
        }
        if (PasswordPolicy.IsGuessable(password, [user.Email, user.UserName, user.DisplayName]))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = PasswordPolicy.GuessableCode,
                Description = "This password is too easy to guess: it is common, or made from your email, your name " +
                    "or this site's name. Try a few unrelated words.",
            }));
        }
        return Task.FromResult(IdentityResult.Success);
    }
}
