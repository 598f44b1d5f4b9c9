using System.Net;

namespace AnxiousToSecure.TestSupport.Processes;

/// <summary>
/// Talks to one instance directly (plain http on its port) and says what nginx would say: the client is
/// 127.0.0.1 and the scheme https (the instance trusts 127.0.0.1 as its proxy). Cookies are kept for the
/// site's https address in a container several handlers can share, so a browser's cookies can be
/// shown first to one instance and then to another; absolute links to the site go to this instance.
/// </summary>
public sealed class AsProxyHandler(Uri instance, CookieContainer cookies) : DelegatingHandler(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })
{
    /// <summary>The site as the browser sees it: cookies are kept under this address.</summary>
    public static readonly Uri Site = new("https://127.0.0.1/");

    public static HttpClient Client(Uri instance, CookieContainer cookies) =>
        new(new AsProxyHandler(instance, cookies)) { BaseAddress = new Uri($"https://127.0.0.1:{instance.Port}"), Timeout = TimeSpan.FromSeconds(30) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = request.RequestUri!;
        request.RequestUri = new Uri(instance, target.PathAndQuery);
        request.Headers.Host = $"127.0.0.1:{instance.Port}";
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "127.0.0.1");
        var header = cookies.GetCookieHeader(Site);
        if (header.Length > 0) request.Headers.Add("Cookie", header);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var set))
        {
            foreach (var cookie in set) cookies.SetCookies(Site, cookie);
        }
        return response;
    }
}
