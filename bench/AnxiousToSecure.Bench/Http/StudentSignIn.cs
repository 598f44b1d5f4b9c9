using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace AnxiousToSecure.Bench.Http;

/// <summary>One signed-in student, as the load scripts use her: her cookies, a form token made for her, the lessons she may open.</summary>
internal sealed record SignedInStudent(string Email, string Cookie, string FormToken, IReadOnlyList<string> OpenLessons);

/// <summary>
/// Signs students in through the real login form (GET the page, post its hidden fields with her
/// email and password), then reads her outline for the lessons open to her and a lesson page for
/// the antiforgery token of its forms. Writes one tab-separated line per student for wrk.
/// </summary>
internal static partial class StudentSignIn
{
    public static async Task<IReadOnlyList<SignedInStudent>> SignInAsync(AppClient app, int first, int count)
    {
        var students = new SignedInStudent[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            students[i] = await SignInAsync(app, $"bench{first + i}@example.com");
        });
        return students;
    }

    public static async Task<CookieJar> SignInCookiesAsync(AppClient app, string email)
    {
        var cookies = new CookieJar();
        var login = await app.GetPageAsync("Account/Login", cookies);
        var fields = AppClient.HiddenFields(login, "id=\"account\"");
        fields["Input.Email"] = email;
        fields["Input.Password"] = BenchSettings.Password;
        using var posted = await app.SendAsync(HttpMethod.Post, "Account/Login", cookies, new FormUrlEncodedContent(fields));
        var location = posted.Headers.Location?.ToString() ?? "";
        if (posted.StatusCode != HttpStatusCode.Redirect || location.Contains("Account/Login", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Sign-in of {email} answered {(int)posted.StatusCode} {location}");
        }
        return cookies;
    }

    private static async Task<SignedInStudent> SignInAsync(AppClient app, string email)
    {
        var cookies = await SignInCookiesAsync(app, email);
        var open = OpenLessonsIn(await app.GetPageAsync("learn/outline", cookies));
        if (open.Count == 0) throw new InvalidOperationException($"{email} has no open lesson in her outline.");
        var token = FormTokenIn(await app.GetPageAsync($"learn/{open[0]}", cookies));
        return new SignedInStudent(email, cookies.Header, token, open);
    }

    /// <summary>The lessons her outline links to (a locked lesson is shown without a link).</summary>
    public static IReadOnlyList<string> OpenLessonsIn(string outlineHtml) =>
        LessonLink().Matches(outlineHtml).Select(m => m.Groups[1].Value).Where(s => s != "outline").Distinct().ToArray();

    /// <summary>The antiforgery token of a lesson page's forms (made for her: it only works with her cookies).</summary>
    public static string FormTokenIn(string lessonHtml) => AppClient.HiddenFields(lessonHtml, "class=\"journal-form\"")["__RequestVerificationToken"];

    /// <summary>Signs in the students and writes them for the wrk script: cookie, token, open lessons (comma-separated).</summary>
    public static async Task WriteAsync(AppClient app, int first, int count, string path)
    {
        var sw = Stopwatch.StartNew();
        var students = await SignInAsync(app, first, count);
        await File.WriteAllLinesAsync(path, students.Select(s => $"{s.Cookie}\t{s.FormToken}\t{string.Join(',', s.OpenLessons)}"));
        Console.WriteLine($"Signed in {count} students (bench{first}..bench{first + count - 1}) through the login form in {sw.Elapsed.TotalSeconds:F1} s.");
    }

    [GeneratedRegex("<a href=\"learn/([a-z0-9-]+)\"")]
    private static partial Regex LessonLink();
}
