namespace AnxiousToSecure.Core.Settings;

public enum Theme
{
    /// <summary>Whatever her device is set to (light by day, dark at night on most phones).</summary>
    System,
    Light,

    /// <summary>The soft dark: warm, dim colours for reading in bed, never pure white on pure black.</summary>
    Dark,
}

public enum TextSize
{
    Normal,
    Large,
    Larger,
}

/// <summary>
/// How she likes to read: theme and text size. Kept in a cookie on her device (not her account), so it
/// also works before she signs in, and read by the server so the first paint is already right.
/// </summary>
public sealed record ReadingComfort(Theme Theme, TextSize TextSize)
{
    public const string CookieName = "reading";

    public static ReadingComfort Default { get; } = new(Theme.System, TextSize.Normal);

    /// <summary>The value on <c>&lt;html data-theme&gt;</c> and <c>data-text</c>, lower case ("dark", "larger").</summary>
    public string ThemeName => Theme.ToString().ToLowerInvariant();

    public string TextSizeName => TextSize.ToString().ToLowerInvariant();

    /// <summary>What the browser should assume before the style sheet arrives.</summary>
    public string ColorScheme => Theme switch { Theme.Light => "light", Theme.Dark => "dark", _ => "light dark" };

    /// <summary>"dark.large": the cookie's value.</summary>
    public string ToCookie() => $"{ThemeName}.{TextSizeName}";

    /// <summary>Her choice from the cookie; anything else (missing, old, tampered) is the default.</summary>
    public static ReadingComfort FromCookie(string? value)
    {
        var parts = (value ?? "").Split('.');
        return parts.Length == 2 && TryParse(parts[0], out Theme theme) && TryParse(parts[1], out TextSize size) ? new(theme, size) : Default;
    }

    /// <summary>Her choice from the settings form; a missing or unknown field keeps what she had.</summary>
    public ReadingComfort With(string? theme, string? size) =>
        new(TryParse(theme, out Theme t) ? t : Theme, TryParse(size, out TextSize s) ? s : TextSize);

    // Names only: Enum.TryParse alone would also take "2" or "Dark, Light".
    private static bool TryParse<T>(string? name, out T value) where T : struct, Enum
    {
        value = default;
        return name is not null && Enum.GetNames<T>().Contains(name, StringComparer.OrdinalIgnoreCase) && Enum.TryParse(name, true, out value);
    }
}
