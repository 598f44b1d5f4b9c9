using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AnxiousToSecure.TestSupport;

/// <summary>
/// An HTTP client that behaves like a person's browser without JavaScript: it keeps cookies and submits
/// the page's own forms (with their hidden antiforgery fields), so tests go through the real pages.
/// </summary>
public sealed class BrowserlessClient(HttpClient http)
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Http { get; } = http;

    public static BrowserlessClient Create(AppFactory factory) =>
        new(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = factory.ClientOptions.BaseAddress }));

    public async Task<(HttpResponseMessage Response, IHtmlDocument Page)> GetAsync(string url)
    {
        var response = await Http.GetAsync(url);
        return (response, Parser.ParseDocument(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Fills the named fields of the first form matching <paramref name="formSelector"/> on <paramref name="page"/> and posts it.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(IHtmlDocument page, string formSelector, string pageUrl, IDictionary<string, string>? fields = null)
    {
        var form = page.QuerySelector(formSelector) as IHtmlFormElement ?? throw new InvalidOperationException($"No form '{formSelector}' on the page.");
        var values = form.QuerySelectorAll<IHtmlInputElement>("input[name]")
            .Where(i => i.Type is not ("checkbox" or "radio" or "submit") || i.IsChecked)
            .ToDictionary(i => i.Name!, i => i.Value);
        // A browser sends each select's chosen option (the first, when none is marked selected).
        foreach (var select in form.QuerySelectorAll<IHtmlSelectElement>("select[name]"))
        {
            var option = select.Options.FirstOrDefault(o => o.IsSelected) ?? select.Options.FirstOrDefault();
            if (option is not null) values[select.Name!] = option.Value;
        }
        foreach (var (name, value) in fields ?? new Dictionary<string, string>()) values[name] = value;
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? pageUrl : form.GetAttribute("action")!;
        return await Http.PostAsync(action, new FormUrlEncodedContent(values));
    }

    /// <summary>
    /// Signs in through the real pages and checks it worked: the answer must redirect away from the
    /// account pages (not to lockout, not back to a form) and set the sign-in cookie. An account with an
    /// authenticator (every staff account the tests create) completes the second step with its code.
    /// </summary>
    public async Task SignInAsync(string email, string password = AppFactory.Password)
    {
        var (_, page) = await GetAsync("/Account/Login");
        var response = await SubmitAsync(page, "form#account", "/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in as {email} answered {(int)response.StatusCode}");
        var location = response.Headers.Location?.OriginalString ?? "";
        if (location.Contains("/Account/LoginWith2fa", StringComparison.OrdinalIgnoreCase))
        {
            var (_, second) = await GetAsync(location);
            response = await SubmitAsync(second, "form#login-with-2fa", location,
                new Dictionary<string, string> { ["Input.TwoFactorCode"] = Authenticators.CodeFor(email) });
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"second step as {email} answered {(int)response.StatusCode}");
            location = response.Headers.Location?.OriginalString ?? "";
        }
        Assert.False(location.Contains("/Account/", StringComparison.OrdinalIgnoreCase), $"sign-in as {email} went to {location}");
        Assert.True(SetsSignInCookie(response), $"sign-in as {email} set no sign-in cookie");
    }

    public static bool SetsSignInCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
        && cookies.Any(c => c.Contains("Identity.Application=", StringComparison.Ordinal) && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
}
