using System.Diagnostics;

namespace AnxiousToSecure.TestSupport.Processes;

/// <summary>
/// The app as it is deployed: <c>dotnet publish -c Release</c> of the web project, once per test run, into
/// a temporary folder that every <see cref="AppInstance"/> (and the app's own commands) runs from.
/// </summary>
public static class PublishedApp
{
    private static readonly Lazy<Task<string>> Folder = new(PublishAsync);

    /// <summary>The folder holding AnxiousToSecure.Web.dll and its wwwroot, published on first use.</summary>
    public static Task<string> GetFolderAsync() => Folder.Value;

    public static async Task<string> PublishAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), $"ats-published-{Guid.NewGuid():N}");
        var project = Path.Combine(TestPaths.RepositoryRoot, "src", "AnxiousToSecure.Web", "AnxiousToSecure.Web.csproj");
        // The solution was restored by the build that compiled these tests.
        var (code, log) = await ToolProcess.RunAsync("dotnet", ["publish", project, "-c", "Release", "--no-restore", "-nologo", "-v", "quiet", "-o", output],
            TestPaths.RepositoryRoot, TimeSpan.FromMinutes(5));
        if (code != 0 || !File.Exists(Path.Combine(output, "AnxiousToSecure.Web.dll")))
        {
            throw new InvalidOperationException($"dotnet publish failed ({code}):\n{log}");
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(output, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return output;
    }
}

/// <summary>Runs a command to its end (or kills it at the timeout) and returns its exit code and output.</summary>
public static class ToolProcess
{
    public static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> args, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}.\n{await stdout}\n{await stderr}");
        }
        return (process.ExitCode, (await stdout) + (await stderr));
    }
}
