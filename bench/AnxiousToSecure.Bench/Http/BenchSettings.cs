using System.Globalization;

namespace AnxiousToSecure.Bench.Http;

/// <summary>What scripts/bench http passes to the HTTP benchmark's steps (environment variables, with defaults).</summary>
internal sealed record BenchSettings
{
    public const string Password = "Bench-Reading-Path-2026";
    public const string InstructorAuthenticatorKey = "BENCHAUTHENTICATORKEYFORHTTPLOAD";

    public required Uri BaseUrl { get; init; }
    public int Students { get; init; } = 10_000;
    public int JournalEntries { get; init; } = 3_750;
    public string InstructorEmail { get; init; } = "instructor@bench.example";
    public string KeyCertificatePath { get; init; } = "";
    public string? KeyCertificatePassword { get; init; }

    public static BenchSettings FromEnvironment() => new()
    {
        BaseUrl = new Uri(Environment.GetEnvironmentVariable("ATS_HTTP_BASE_URL") ?? "http://127.0.0.1:5301"),
        Students = Int("ATS_BENCH_STUDENTS", 10_000),
        JournalEntries = Int("ATS_BENCH_JOURNAL_ENTRIES", 3_750),
        KeyCertificatePath = Environment.GetEnvironmentVariable("DataProtection__KeyCertificatePath") ?? "",
        KeyCertificatePassword = Environment.GetEnvironmentVariable("DataProtection__KeyCertificatePassword"),
    };

    public static int Int(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : fallback;
}
