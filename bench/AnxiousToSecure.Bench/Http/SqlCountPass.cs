using System.Globalization;
using System.Net;
using Npgsql;

namespace AnxiousToSecure.Bench.Http;

/// <summary>
/// SQL statements per request, page by page: requests one after another (each from another
/// student), between markers the benchmark writes into PostgreSQL's log, counted by
/// <see cref="PostgresLog"/>. Cold: the first request of each page after the app started; warm:
/// the average of many once the load phases have run. Each page's statements are also written to
/// <c>sql-{label}-{page}.txt</c> in <paramref name="dumpFolder"/> (when given), to read what a figure counts.
/// </summary>
internal sealed class SqlCountPass(AppClient app, string database, string logPath, string webhookSecret, string? dumpFolder)
{
    /// <summary>One student's browser during the pass: her cookies, and what her pages told her (open lessons, form token).</summary>
    private sealed class Visitor(CookieJar cookies, string? token, IReadOnlyList<string> lessons)
    {
        public CookieJar Cookies { get; } = cookies;
        public string? Token { get; set; } = token;
        public IReadOnlyList<string> Lessons { get; set; } = lessons;
    }

    private static readonly string[] Pages = ["crisis", "static", "course", "dashboard", "outline", "lesson", "complete", "journal", "webhook"];

    public async Task RunAsync(string label, int firstStudent, int requests)
    {
        var visitors = new List<Visitor>();
        if (label == "cold")
        {
            // Only the login form: her pages are first asked for inside the counted requests.
            visitors.Add(new Visitor(await StudentSignIn.SignInCookiesAsync(app, $"bench{firstStudent}@example.com"), null, []));
        }
        else
        {
            foreach (var s in await StudentSignIn.SignInAsync(app, firstStudent, requests))
            {
                visitors.Add(new Visitor(CookieJar.FromHeader(s.Cookie), s.FormToken, s.OpenLessons));
            }
        }
        var offset = new FileInfo(logPath).Length;
        foreach (var page in Pages)
        {
            await MarkAsync(PostgresLog.Marker(page, "begin"));
            for (var i = 0; i < requests; i++) await RequestAsync(page, visitors[i % visitors.Count], i);
            await MarkAsync(PostgresLog.Marker(page, "end"));
        }
        await Task.Delay(500); // the log is written by the server processes; let the last lines land
        var statements = PostgresLog.StatementsFrom(logPath, offset);
        foreach (var page in Pages)
        {
            var counted = PostgresLog.Between(statements, page);
            if (!string.IsNullOrEmpty(dumpFolder)) await File.WriteAllLinesAsync(Path.Combine(dumpFolder, $"sql-{label}-{page}.txt"), counted);
            var perRequest = (double)counted.Count / requests;
            Console.WriteLine($"sql_{page}_{label}={perRequest.ToString("0.##", CultureInfo.InvariantCulture)}");
        }
    }

    private async Task RequestAsync(string page, Visitor v, int i)
    {
        var slug = v.Lessons.Count > 0 ? v.Lessons[i % v.Lessons.Count] : null;
        HttpResponseMessage response = page switch
        {
            "crisis" => await app.SendAsync(HttpMethod.Get, "crisis", null),
            "static" => await app.SendAsync(HttpMethod.Get, "crisis", v.Cookies),
            "course" => await app.SendAsync(HttpMethod.Get, "", null),
            "dashboard" => await app.SendAsync(HttpMethod.Get, "learn", v.Cookies),
            "outline" => await app.SendAsync(HttpMethod.Get, "learn/outline", v.Cookies),
            "lesson" => await app.SendAsync(HttpMethod.Get, $"learn/{slug}", v.Cookies),
            "complete" => await app.SendAsync(HttpMethod.Post, $"learn/{slug}", v.Cookies, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "progress", ["__RequestVerificationToken"] = v.Token!, ["Complete"] = i % 2 == 0 ? "true" : "false",
            })),
            "journal" => await app.SendAsync(HttpMethod.Post, $"journal/entries/{slug}", v.Cookies, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = v.Token!, ["returnUrl"] = $"learn/{slug}#reflection", ["text"] = $"Autosaved draft {i}: noticing the pull to check my phone.",
            }), accept: "application/json"),
            "webhook" => await WebhookAsync(i),
            _ => throw new ArgumentOutOfRangeException(nameof(page), page, null),
        };
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            var location = response.Headers.Location?.ToString() ?? "";
            var ok = response.IsSuccessStatusCode
                || ((int)response.StatusCode is >= 300 and < 400 && !location.Contains("Account/Login", StringComparison.OrdinalIgnoreCase));
            if (!ok) throw new InvalidOperationException($"{page} request {i} answered {(int)response.StatusCode} {location}");
            if (page == "outline" && v.Lessons.Count == 0) v.Lessons = StudentSignIn.OpenLessonsIn(body);
            if (page == "lesson" && v.Token is null) v.Token = StudentSignIn.FormTokenIn(body);
        }
    }

    private async Task<HttpResponseMessage> WebhookAsync(int i)
    {
        var id = $"{Guid.NewGuid():N}"[..12];
        var (_, status) = await WebhookLoad.SendAsync(app, webhookSecret, $"evt_sqlpass_{id}_{i}", $"cs_sqlpass_{id}_{i}");
        return new HttpResponseMessage((HttpStatusCode)status);
    }

    private async Task MarkAsync(string marker)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT '{marker}'", connection);
        await command.ExecuteScalarAsync();
    }
}
