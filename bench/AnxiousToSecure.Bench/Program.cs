using System.Globalization;
using AnxiousToSecure.Bench;
using AnxiousToSecure.Bench.Http;

// Benchmarks print their figures; scripts/bench starts PostgreSQL and an SMTP sink and passes them in.
var server = Environment.GetEnvironmentVariable("ATS_BENCH_POSTGRES")
    ?? throw new InvalidOperationException("ATS_BENCH_POSTGRES is not set: run the benchmarks with scripts/bench.");
var what = args.FirstOrDefault() ?? "drip";
int Arg(string name, int fallback) =>
    int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : fallback;

if (what != "http") Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
switch (what)
{
    case "drip":
        await DripBenchmark.RunAsync(
            server,
            Environment.GetEnvironmentVariable("ATS_BENCH_SMTP_HOST") ?? "127.0.0.1",
            Arg("ATS_BENCH_SMTP_PORT", 2525),
            Environment.GetEnvironmentVariable("ATS_BENCH_COURSE") ?? "course-content",
            Arg("ATS_BENCH_ENROLLMENTS", 100_000),
            Arg("ATS_BENCH_EMAILS", 10_000));
        return 0;
    case "admin":
        await AdminBenchmark.RunAsync(
            server,
            Environment.GetEnvironmentVariable("ATS_BENCH_COURSE") ?? "course-content",
            Arg("ATS_BENCH_ENROLLMENTS", 100_000));
        return 0;
    case "http":
        // One step of scripts/bench http; ATS_BENCH_POSTGRES names the app's own database there.
        return await HttpBenchmark.RunAsync(server, args[1..]);
    default:
        Console.Error.WriteLine($"Unknown benchmark '{what}'. Known: drip, admin, http");
        return 2;
}
