using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OtpNet;

namespace AnxiousToSecure.Bench.Http;

/// <summary>
/// Managed memory per open lesson-editor circuit: the instructor signs in with her second factor in
/// headless Chromium, opens <c>N</c> editor tabs and waits until each is interactive (its fields are
/// enabled once the circuit runs); the app's GC heap after a full collection (dotnet-gcdump) is
/// taken before and after, and the difference divided by N. One editor is opened (and kept open)
/// before the first heap is taken: what the first circuit of a process builds once and shares (the
/// JSON contracts of the hub, DI's call-site cache, event-source metadata) is not a cost
/// of each circuit.
/// </summary>
internal static partial class EditorCircuits
{
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];

    public static async Task RunAsync(Uri httpsBase, string database, string instructorEmail, int appPid, int circuits, string workFolder)
    {
        int[] lessons;
        await using (var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(database).Options))
        {
            lessons = await db.Lessons.OrderBy(l => l.Id).Select(l => l.Id).ToArrayAsync();
        }
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs });
        await using var context = await browser.NewContextAsync(new() { BaseURL = httpsBase.ToString(), IgnoreHTTPSErrors = true });

        var signIn = await context.NewPageAsync();
        await SignInAsync(signIn, instructorEmail);
        await signIn.CloseAsync();

        var first = await OpenEditorAsync(context, lessons[^1]);
        var before = await HeapBytesAsync(appPid, Path.Combine(workFolder, "before.gcdump"));
        var sw = Stopwatch.StartNew();
        var pages = new List<IPage>();
        for (var i = 0; i < circuits; i++)
        {
            pages.Add(await OpenEditorAsync(context, lessons[i % lessons.Length]));
        }
        Console.WriteLine($"Opened {circuits} interactive lesson editors in {sw.Elapsed.TotalSeconds:F1} s.");
        await Task.Delay(2000);
        var after = await HeapBytesAsync(appPid, Path.Combine(workFolder, "after.gcdump"));
        Console.WriteLine($"gc_heap_before_kb={before / 1024}");
        Console.WriteLine($"gc_heap_after_kb={after / 1024}");
        Console.WriteLine($"circuits={circuits}");
        Console.WriteLine($"circuit_kb={((after - before) / 1024.0 / circuits).ToString("F0", CultureInfo.InvariantCulture)}");
        foreach (var page in pages) await page.CloseAsync();
        await first.CloseAsync();
    }

    /// <summary>A tab with the lesson editor, once its circuit runs (the fields are enabled then).</summary>
    private static async Task<IPage> OpenEditorAsync(IBrowserContext context, int lessonId)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync($"author/lessons/{lessonId}");
        await page.Locator("fieldset.editor-fields:not([disabled])").WaitForAsync(new() { Timeout = 30_000 });
        return page;
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("Account/Login");
        await page.Locator("#Input\\.Email").FillAsync(email);
        await page.Locator("#Input\\.Password").FillAsync(BenchSettings.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.Locator("#Input\\.TwoFactorCode").WaitForAsync();
        var code = new Totp(Base32Encoding.ToBytes(BenchSettings.InstructorAuthenticatorKey)).ComputeTotp(DateTime.UtcNow);
        await page.Locator("#Input\\.TwoFactorCode").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The GC heap after the full collection dotnet-gcdump forces, as its report totals it.</summary>
    private static async Task<long> HeapBytesAsync(int pid, string file)
    {
        await DotnetToolAsync("collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", file);
        var report = await DotnetToolAsync("report", file);
        var total = HeapTotal().Match(report);
        if (!total.Success) throw new InvalidOperationException($"No heap total in the gcdump report:\n{report}");
        return long.Parse(total.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    private static async Task<string> DotnetToolAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] arguments = ["tool", "run", "dotnet-gcdump", .. args];
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"dotnet-gcdump {string.Join(' ', args)} failed: {output}{errors}");
        return output;
    }

    [GeneratedRegex(@"([\d,]+)\s+GC Heap bytes")]
    private static partial Regex HeapTotal();
}
