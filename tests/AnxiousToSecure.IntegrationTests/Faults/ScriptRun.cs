using System.Diagnostics;
using AnxiousToSecure.TestSupport;

namespace AnxiousToSecure.IntegrationTests.Faults;

/// <summary>Runs one of the repository's scripts as an operator would, with the given environment.</summary>
public static class ScriptRun
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string script, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(Path.Combine(TestPaths.RepositoryRoot, "scripts", script))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestPaths.RepositoryRoot,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
