using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Settings;
using Microsoft.AspNetCore.Identity;

namespace AnxiousToSecure.Core.Accounts;

/// <summary>
/// A new account from the registration page. An address that already has an account is answered exactly
/// like a new one (the page cannot tell anyone whether an address is registered); its owner gets an
/// email saying someone tried.
/// </summary>
public sealed class Registration(UserManager<ApplicationUser> users, AccountEmails emails, TimeProvider time)
{
    private static readonly IdentityErrorDescriber Describer = new();
    private static readonly string[] DuplicateCodes = [Describer.DuplicateEmail("").Code, Describer.DuplicateUserName("").Code];

    /// <summary>Empty when the page should say "check your email"; otherwise what is wrong with what was typed (the password).</summary>
    /// <param name="name">What she would like to be called (in emails and on her pages).</param>
    /// <param name="returnUrl">Where she goes on to after confirming and signing in, e.g. checkout when she came from "Enroll".</param>
    /// <param name="timeZone">What her browser reported; kept only if it is an IANA zone (else she gets the course's until she picks one).</param>
    public async Task<IReadOnlyList<IdentityError>> RegisterAsync(string email, string password, string? name = null, string? returnUrl = null, string? timeZone = null)
    {
        email = email.Trim();
        name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        // The password is checked and hashed before the address is looked at, so both answers cost the same.
        var user = new ApplicationUser { UserName = email, Email = email, DisplayName = name, CreatedAt = time.GetUtcNow(), TimeZone = TimeZones.Normalize(timeZone) };
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded)
        {
            await users.AddToRoleAsync(user, Roles.Student);
            emails.ConfirmationFor(user.Id, returnUrl);
            return [];
        }

        var problems = result.Errors.Where(e => !DuplicateCodes.Contains(e.Code)).ToList();
        if (problems.Count == 0 && await users.FindByEmailAsync(email) is { } existing)
        {
            emails.RegistrationAttempt(existing.Id);
        }
        return problems;
    }
}
