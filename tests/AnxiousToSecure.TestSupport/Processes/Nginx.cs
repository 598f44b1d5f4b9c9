using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace AnxiousToSecure.TestSupport.Processes;

/// <summary>
/// Debian's nginx in front of app instances, on loopback, with the committed site configuration
/// (<c>docs/deploy/nginx.conf</c>) filled in and wrapped in a minimal main configuration: its own
/// prefix, pid, logs and temporary folders, in the foreground, so the test owns the process.
/// </summary>
public sealed class Nginx : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    /// <summary>The committed configuration the tests use as it is, placeholders filled in.</summary>
    public static string SiteTemplate => Path.Combine(TestPaths.RepositoryRoot, "docs", "deploy", "nginx.conf");

    private readonly Process process;

    private Nginx(string prefix, int port, Process process)
    {
        Prefix = prefix;
        Port = port;
        this.process = process;
    }

    public string Prefix { get; }

    /// <summary>The TLS port students (and Stripe) reach.</summary>
    public int Port { get; }

    public Uri Url => new($"https://127.0.0.1:{Port}");

    /// <summary>nginx's error log: which upstream failed and when.</summary>
    public string ErrorLog => ReadShared(Path.Combine(Prefix, "logs", "error.log"));

    /// <summary>One line per request: status, the instance that answered, and how long it took.</summary>
    public string AccessLog => ReadShared(Path.Combine(Prefix, "logs", "access.log"));

    public static async Task<Nginx> StartAsync(IEnumerable<Uri> instances, int? port = null)
    {
        if (!File.Exists(Binary)) throw new InvalidOperationException($"{Binary} is missing: scripts/test installs Debian's nginx-light (apt-get install nginx-light).");
        var prefix = Path.Combine(Path.GetTempPath(), $"ats-nginx-{Guid.NewGuid():N}");
        foreach (var folder in new[] { "logs", "temp", "conf" }) Directory.CreateDirectory(Path.Combine(prefix, folder));

        var certificate = Path.Combine(prefix, "conf", "server.crt");
        var key = Path.Combine(prefix, "conf", "server.key");
        await File.WriteAllTextAsync(certificate, TestCertificates.Server.ExportCertificatePem());
        await File.WriteAllTextAsync(key, TestCertificates.Server.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());

        var tls = port ?? AppInstance.FreePort();
        var plain = AppInstance.FreePort();
        var values = new Dictionary<string, string>
        {
            ["@APP_SERVERS@"] = string.Join("\n    ", instances.Select(u => $"server {u.Host}:{u.Port} max_fails=1 fail_timeout=10s;")),
            ["@LISTEN@"] = $"127.0.0.1:{tls} ssl",
            ["@HTTP_LISTEN@"] = $"127.0.0.1:{plain}",
            ["@SERVER_NAME@"] = "127.0.0.1 localhost",
            ["@CERTIFICATE@"] = certificate,
            ["@CERTIFICATE_KEY@"] = key,
        };
        // Placeholders are filled in the directives only: the comments that describe them stay as written.
        var lines = (await File.ReadAllLinesAsync(SiteTemplate)).Select(line => line.TrimStart().StartsWith('#')
            ? line
            : values.Aggregate(line, (l, v) => l.Replace(v.Key, v.Value, StringComparison.Ordinal))).ToList();
        if (lines.FirstOrDefault(l => !l.TrimStart().StartsWith('#') && l.Contains('@', StringComparison.Ordinal)) is { } unfilled)
        {
            throw new InvalidOperationException($"docs/deploy/nginx.conf has a placeholder the tests do not fill: {unfilled.Trim()}");
        }
        var site = string.Join('\n', lines);
        await File.WriteAllTextAsync(Path.Combine(prefix, "conf", "site.conf"), site);
        await File.WriteAllTextAsync(Path.Combine(prefix, "conf", "nginx.conf"), $$"""
            # Written by the tests around docs/deploy/nginx.conf (included below as it is committed).
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/logs/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log {{prefix}}/logs/access.log;
                log_format upstreams '$status $request_method $request_uri -> $upstream_addr $upstream_status $request_time';
                access_log {{prefix}}/logs/upstreams.log upstreams;
                client_body_temp_path {{prefix}}/temp/body;
                proxy_temp_path {{prefix}}/temp/proxy;
                fastcgi_temp_path {{prefix}}/temp/fastcgi;
                uwsgi_temp_path {{prefix}}/temp/uwsgi;
                scgi_temp_path {{prefix}}/temp/scgi;
                include {{prefix}}/conf/site.conf;
            }
            """);

        var start = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-p", prefix, "-c", Path.Combine(prefix, "conf", "nginx.conf"), "-g", "daemon off;" }) start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
        var nginx = new Nginx(prefix, tls, process);
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}\n{nginx.ErrorLog}");
            }
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", tls);
                return nginx;
            }
            catch (SocketException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>What nginx logged per request: status, method, path, the instance(s) tried and their answers.</summary>
    public string UpstreamLog => ReadShared(Path.Combine(Prefix, "logs", "upstreams.log"));

    /// <summary>A client that trusts this nginx's certificate alone, does not follow redirects and keeps no cookies of its own.</summary>
    public HttpClient CreateClient(System.Net.CookieContainer? cookies = null) => new(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == TestCertificates.Server.Thumbprint,
        AllowAutoRedirect = false,
        UseCookies = cookies is not null,
        CookieContainer = cookies ?? new System.Net.CookieContainer(),
    })
    {
        BaseAddress = Url,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // SIGQUIT: a graceful shutdown of master and worker.
            using (var quit = Process.Start("kill", ["-QUIT", process.Id.ToString(CultureInfo.InvariantCulture)])) await quit!.WaitForExitAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        process.Dispose();
        try { Directory.Delete(Prefix, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string ReadShared(string path)
    {
        if (!File.Exists(path)) return "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }
}
