using System.Net;
using System.Text.RegularExpressions;

namespace AnxiousToSecure.Bench.Http;

/// <summary>
/// Talks to the app as a browser behind the site's TLS proxy would: plain http on loopback with
/// <c>X-Forwarded-Proto: https</c> from the trusted proxy address, cookies kept by hand (they are
/// <c>Secure</c>, which an http client would not send back), no redirects followed.
/// </summary>
internal sealed partial class AppClient(Uri baseUrl) : IDisposable
{
    /// <summary>The headers every request of the benchmark carries (wrk sends the same).</summary>
    public static readonly (string Name, string Value)[] ProxyHeaders = [("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "127.0.0.1")];

    private readonly HttpClient http = new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        BaseAddress = baseUrl,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public Uri BaseUrl => baseUrl;

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, CookieJar? cookies, HttpContent? body = null, string? accept = null,
        (string Name, string Value)? header = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body };
        if (header is { } h) request.Headers.TryAddWithoutValidation(h.Name, h.Value);
        foreach (var (name, value) in ProxyHeaders) request.Headers.TryAddWithoutValidation(name, value);
        if (cookies is { IsEmpty: false }) request.Headers.TryAddWithoutValidation("Cookie", cookies.Header);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await http.SendAsync(request);
        cookies?.Take(response);
        return response;
    }

    public async Task<string> GetPageAsync(string path, CookieJar cookies)
    {
        using var response = await SendAsync(HttpMethod.Get, path, cookies);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode} {response.Headers.Location}");
        }
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The hidden fields of the form whose opening tag matches <paramref name="formMarker"/> (antiforgery token, Blazor's _handler).</summary>
    public static Dictionary<string, string> HiddenFields(string html, string formMarker)
    {
        var start = html.IndexOf(formMarker, StringComparison.Ordinal);
        if (start < 0) throw new InvalidOperationException($"No form '{formMarker}' on the page.");
        var end = html.IndexOf("</form>", start, StringComparison.Ordinal);
        var form = html[start..end];
        var fields = new Dictionary<string, string>();
        foreach (Match input in HiddenInput().Matches(form))
        {
            var name = AttributeOf(input.Value, "name");
            if (name is not null) fields[name] = WebUtility.HtmlDecode(AttributeOf(input.Value, "value") ?? "");
        }
        return fields;
    }

    private static string? AttributeOf(string tag, string name) =>
        Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"") is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*>")]
    private static partial Regex HiddenInput();

    public void Dispose() => http.Dispose();
}

/// <summary>A browser's cookies for one site, from Set-Cookie headers (names and values only: the benchmark is the only client).</summary>
internal sealed class CookieJar
{
    private readonly Dictionary<string, string> cookies = new(StringComparer.Ordinal);

    public bool IsEmpty => cookies.Count == 0;

    /// <summary>Cookies as a request's Cookie header carries them (<c>a=1; b=2</c>).</summary>
    public static CookieJar FromHeader(string header)
    {
        var jar = new CookieJar();
        foreach (var pair in header.Split("; ", StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq > 0) jar.cookies[pair[..eq]] = pair[(eq + 1)..];
        }
        return jar;
    }

    public string Header => string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}"));

    public void Take(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var values)) return;
        foreach (var value in values)
        {
            var pair = value.Split(';', 2)[0];
            var eq = pair.IndexOf('=');
            if (eq <= 0) continue;
            var (name, content) = (pair[..eq].Trim(), pair[(eq + 1)..].Trim());
            var expired = value.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase) || content.Length == 0;
            if (expired) cookies.Remove(name);
            else cookies[name] = content;
        }
    }
}
