using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AnxiousToSecure.TestSupport.Processes;

/// <summary>
/// One instance of the published app in its own process, in Production, on a loopback port, with the
/// settings Production requires. Started and waited for until <c>/health/ready</c> answers; stopped
/// gracefully (SIGTERM, as a deploy does) or killed (<c>kill -9</c>, as a crash does).
/// </summary>
public sealed class AppInstance : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private AppInstance(string name, int port, Process process)
    {
        Name = name;
        Port = port;
        this.process = process;
    }

    public string Name { get; }

    public int Port { get; }

    /// <summary>Where the instance listens (plain http; the proxy in front speaks TLS).</summary>
    public Uri Url => new($"http://127.0.0.1:{Port}");

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>What the process wrote (its last 2,000 lines), for assertion messages.</summary>
    public string Output => string.Join('\n', output);

    /// <summary>
    /// The settings every instance needs outside Development: its database, the hosts it answers to,
    /// the public address of links, the key ring's certificate, Stripe (the fake API) and SMTP (the
    /// test's sink), and the proxy it believes (nginx on 127.0.0.1).
    /// </summary>
    public static Dictionary<string, string> ProductionSettings(string connectionString, int smtpPort, string stripeBaseUrl, string publicBaseUrl) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["ConnectionStrings__Default"] = connectionString,
        ["AllowedHosts"] = "127.0.0.1;localhost",
        ["Email__PublicBaseUrl"] = publicBaseUrl,
        ["DataProtection__KeyCertificatePath"] = TestCertificates.KeyRingPath,
        ["DataProtection__KeyCertificatePassword"] = TestCertificates.KeyRingPassword,
        ["Stripe__SecretKey"] = FakeStripe.SecretKey,
        ["Stripe__WebhookSecret"] = FakeStripe.WebhookSecret,
        ["Stripe__ApiBase"] = stripeBaseUrl,
        ["Stripe__MaxNetworkRetries"] = "0",
        ["Smtp__Host"] = "127.0.0.1",
        ["Smtp__Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
        ["Smtp__Security"] = "None",
        ["Smtp__TimeoutSeconds"] = "10",
        // netDumbster (the test sink) takes one message per connection.
        ["Smtp__PooledConnections"] = "0",
        ["Proxy__KnownProxies__0"] = "127.0.0.1",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        // The tests sign in many times a second; the webhook burst comes from one address.
        ["RateLimits__SignIn__PerClient"] = "10000",
        ["RateLimits__StripeWebhook__PerClient"] = "100000",
    };

    /// <summary>One of the app's commands (<c>migrate</c>, <c>import-content</c>, ...) with these settings; fails the test if it fails.</summary>
    public static async Task<string> RunCommandAsync(IReadOnlyDictionary<string, string> settings, params string[] command)
    {
        var folder = await PublishedApp.GetFolderAsync();
        var (code, log) = await ToolProcess.RunAsync("dotnet", [Path.Combine(folder, "AnxiousToSecure.Web.dll"), .. command], folder, TimeSpan.FromMinutes(2), settings);
        if (code != 0) throw new InvalidOperationException($"'{string.Join(' ', command)}' exited with {code}:\n{log}");
        return log;
    }

    public static async Task<AppInstance> StartAsync(string name, IReadOnlyDictionary<string, string> settings, int? port = null)
    {
        var folder = await PublishedApp.GetFolderAsync();
        var chosen = port ?? FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(folder, "AnxiousToSecure.Web.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{chosen}");
        foreach (var (key, value) in settings) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        var instance = new AppInstance(name, chosen, process);
        process.OutputDataReceived += (_, e) => instance.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => instance.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await instance.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        return instance;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        output.Enqueue($"[{Name}] {line}");
        while (output.Count > 2000) output.TryDequeue(out _);
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200 (PostgreSQL reachable, the app serving).</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"{Name} exited with {process.ExitCode} before it was ready:\n{Output}");
            try
            {
                using var response = await http.GetAsync(new Uri(Url, "/health/ready"));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > until) throw new TimeoutException($"{Name} was not ready within {timeout}:\n{Output}");
            await Task.Delay(200);
        }
    }

    /// <summary>A graceful stop (SIGTERM): the app finishes what it is doing within its shutdown timeout.</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{Name} did not stop within its timeout and was killed:\n{Output}");
        }
    }

    /// <summary><c>kill -9</c>: the process ends at once, in the middle of whatever it was doing.</summary>
    public void Kill()
    {
        if (process.HasExited) return;
        process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException)
        {
        }
        process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
