using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AnxiousToSecure.Core.Care;

/// <summary>The crisis page as one visitor sees it: her country's numbers first, the rest after, the directory last.</summary>
public sealed record CrisisPageView(CareRegion? Yours, IReadOnlyList<CareRegion> Others, string? DirectoryUrl);

/// <summary>
/// Which country's numbers a visitor sees first: the one she picked, else the first of her browser's
/// languages (by preference) that names a region we list (en-GB: United Kingdom). A language without a
/// region (plain "en") says nothing about where she is, so it is skipped rather than guessed.
/// </summary>
public sealed class CrisisDirectory(IOptions<CareOptions> options)
{
    /// <summary>The query parameter of the "another country" links.</summary>
    public const string CountryParameter = "country";

    public static bool IsCountryCode(string? code) => code is { Length: 2 } && code.All(char.IsAsciiLetterUpper);

    /// <summary>The country code to put first, or null when nothing we list matches.</summary>
    public string? CountryFor(string? picked, string? acceptLanguage)
    {
        var pickedCode = picked?.Trim().ToUpperInvariant();
        if (Serves(pickedCode)) return pickedCode;
        if (!StringWithQualityHeaderValue.TryParseList(acceptLanguage?.Split(','), out var languages)) return null;
        // OrderBy is stable: equal preferences keep the browser's order.
        return languages.OrderByDescending(l => l.Quality ?? 1)
            .Where(l => l.Quality is null or > 0)
            .Select(l => RegionOf(l.Value.Value))
            .FirstOrDefault(Serves);
    }

    public CrisisPageView PageFor(string? country)
    {
        var o = options.Value;
        var yours = country is null ? null : o.Regions.FirstOrDefault(r => r.Countries.Contains(country, StringComparer.Ordinal));
        return new CrisisPageView(yours, [.. o.Regions.Where(r => r != yours)], o.DirectoryUrl);
    }

    /// <summary>The region subtag of a BCP 47 language tag (en-GB, zh-Hant-TW), upper-cased, or null.</summary>
    public static string? RegionOf(string? tag) =>
        tag?.Split('-').Skip(1).FirstOrDefault(part => part.Length == 2 && part.All(char.IsAsciiLetter))?.ToUpperInvariant();

    /// <summary>A <c>tel:</c> or <c>sms:</c> link that dials the number as written (spaces and dashes are for reading).</summary>
    public static string DialLink(string scheme, string number) =>
        $"{scheme}:{string.Concat(number.Where(c => char.IsAsciiDigit(c) || c == '+'))}";

    /// <summary>An <c>sms:</c> link, with the word the service asks for already in the message (RFC 5724 <c>body</c>).</summary>
    public static string TextLink(string number, string? word) =>
        DialLink("sms", number) + (word is null ? "" : $"?body={Uri.EscapeDataString(word)}");

    /// <summary>What the text button says: "Text 988", or "Text START to 88788" where the service asks for a word.</summary>
    public static string TextLabel(string number, string? word) => word is null ? $"Text {number}" : $"Text {word} to {number}";

    private bool Serves(string? code) => IsCountryCode(code) && options.Value.Regions.Any(r => r.Countries.Contains(code!, StringComparer.Ordinal));
}
