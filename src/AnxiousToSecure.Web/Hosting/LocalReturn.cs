namespace AnxiousToSecure.Web.Hosting;

public static class LocalReturn
{
    /// <summary>Where a form post may send her back: only our own relative paths; anything else falls back.</summary>
    public static string Safe(string? url, string fallback) =>
        url is { Length: > 0 } && !url.Contains("//", StringComparison.Ordinal) && !url.Contains('\\') && !url.StartsWith('/') && !url.Contains(':') ? url : fallback;
}
