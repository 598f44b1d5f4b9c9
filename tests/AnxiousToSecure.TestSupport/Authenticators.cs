using System.Collections.Concurrent;
using AnxiousToSecure.Web.Hosting;
using OtpNet;

namespace AnxiousToSecure.TestSupport;

/// <summary>
/// The authenticator app of every staff account the tests create: its secret, by email, and the code
/// it shows now (computed with Otp.NET, independently of Identity's own TOTP code).
/// </summary>
public static class Authenticators
{
    private static readonly ConcurrentDictionary<string, string> Keys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["admin@example.com"] = DevAccountsSeeder.StaffAuthenticatorKey,
        ["instructor@example.com"] = DevAccountsSeeder.StaffAuthenticatorKey,
    };

    /// <summary>A fresh random secret (Base32, 160 bits, as Identity makes them).</summary>
    public static string NewKey() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    public static void Register(string email, string key) => Keys[email] = key;

    public static string? KeyFor(string email) => Keys.TryGetValue(email, out var key) ? key : null;

    /// <summary>The code her app shows now. Identity checks codes against the real clock, not the app's test clock.</summary>
    public static string CodeFor(string email) =>
        Code(KeyFor(email) ?? throw new InvalidOperationException($"{email} has no authenticator in the tests."));

    public static string Code(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow);
}
