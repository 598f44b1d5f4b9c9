using System.Globalization;

namespace AnxiousToSecure.Bench.Http;

/// <summary>
/// The steps of <c>scripts/bench http</c> that need C# (the script publishes and starts the app, and
/// drives the GET and POST load with wrk): <c>seed</c>, <c>signin FIRST COUNT FILE</c>,
/// <c>sql cold|warm FIRST COUNT</c>, <c>webhook PER_SECOND SECONDS</c>, <c>circuits N APP_PID FOLDER</c>.
/// </summary>
internal static class HttpBenchmark
{
    public static async Task<int> RunAsync(string database, string[] args)
    {
        var settings = BenchSettings.FromEnvironment();
        int Arg(int i) => int.Parse(args[i], NumberStyles.None, CultureInfo.InvariantCulture);
        string Env(string name) => Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"{name} is not set: run this with scripts/bench http.");
        using var app = new AppClient(settings.BaseUrl);
        switch (args.FirstOrDefault())
        {
            case "seed":
                await HttpSeed.RunAsync(database, settings);
                return 0;
            case "signin":
                await StudentSignIn.WriteAsync(app, Arg(1), Arg(2), args[3]);
                return 0;
            case "sql":
                await new SqlCountPass(app, database, Env("ATS_HTTP_PG_LOG"), Env("Stripe__WebhookSecret"), Environment.GetEnvironmentVariable("ATS_HTTP_SQL_DUMP")).RunAsync(args[1], Arg(2), Arg(3));
                return 0;
            case "webhook":
                await WebhookLoad.RunAsync(app, database, Env("Stripe__WebhookSecret"), Arg(1), TimeSpan.FromSeconds(Arg(2)));
                return 0;
            case "circuits":
                await EditorCircuits.RunAsync(new Uri(Env("ATS_HTTPS_BASE_URL")), database, settings.InstructorEmail, Arg(2), Arg(1), args[3]);
                return 0;
            default:
                Console.Error.WriteLine("usage: http seed | signin FIRST COUNT FILE | sql cold|warm FIRST COUNT | webhook PER_SECOND SECONDS | circuits N APP_PID FOLDER");
                return 2;
        }
    }
}
