using System.Net;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Processes;

namespace AnxiousToSecure.IntegrationTests.ScaleOut;

/// <summary>
/// Two instances of the published app (Release, Production) on one PostgreSQL database, behind nginx
/// with the committed configuration; Stripe is the fake API, SMTP the test's sink. One per test class.
/// </summary>
public class TwoInstances : IAsyncLifetime
{
    /// <summary>The public address in links: nginx (its port is only known at start, and links are not followed here).</summary>
    public const string PublicBaseUrl = "https://127.0.0.1";

    public FakeStripe Stripe { get; private set; } = null!;

    public SmtpSink Mail { get; } = SmtpSink.Start();

    public AppDatabase Database { get; private set; } = null!;

    public AppInstance A { get; private set; } = null!;

    public AppInstance B { get; private set; } = null!;

    public Nginx Proxy { get; private set; } = null!;

    public IReadOnlyList<AppInstance> Instances => [A, B];

    /// <summary>Settings of instance <paramref name="index"/> (0 or 1) on top of the production ones.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> SettingsFor(int index) => [];

    public Dictionary<string, string> Settings(string connectionString, int index = 0)
    {
        var settings = AppInstance.ProductionSettings(connectionString, Mail.Port, Stripe.BaseUrl, PublicBaseUrl);
        foreach (var (key, value) in SettingsFor(index)) settings[key] = value;
        return settings;
    }

    /// <summary>False: nothing is started (a class whose tests all run only under scripts/bench faults).</summary>
    protected virtual bool Starts => true;

    public async Task InitializeAsync()
    {
        if (!Starts) return;
        Stripe = await FakeStripe.StartAsync();
        Database = await AppDatabase.CreateAsync(cs => Settings(cs));
        // One after the other: the first creates Hangfire's schema.
        A = await AppInstance.StartAsync("a", Settings(Database.ConnectionString, 0));
        B = await AppInstance.StartAsync("b", Settings(Database.ConnectionString, 1));
        Proxy = await Nginx.StartAsync([A.Url, B.Url]);
    }

    public async Task DisposeAsync()
    {
        if (Proxy is not null) await Proxy.DisposeAsync();
        if (B is not null) await B.DisposeAsync();
        if (A is not null) await A.DisposeAsync();
        if (Database is not null) await Database.DisposeAsync();
        Mail.Dispose();
        if (Stripe is not null) await Stripe.DisposeAsync();
    }

    /// <summary>A browser without JavaScript that talks to one instance directly, with cookies it may share with another.</summary>
    public static BrowserlessClient Direct(AppInstance instance, CookieContainer cookies) => new(AsProxyHandler.Client(instance.Url, cookies));

    /// <summary>A browser without JavaScript that goes through nginx.</summary>
    public BrowserlessClient ThroughProxy(CookieContainer? cookies = null) => new(Proxy.CreateClient(cookies ?? new CookieContainer()));

    /// <summary>What the instances and nginx said, for assertion messages.</summary>
    public string Diagnostics() =>
        $"--- a ---\n{Tail(A?.Output)}\n--- b ---\n{Tail(B?.Output)}\n--- nginx ---\n{Tail(Proxy?.ErrorLog)}\n{Tail(Proxy?.UpstreamLog)}";

    private static string Tail(string? text, int lines = 60) =>
        text is null ? "" : string.Join('\n', text.Split('\n').TakeLast(lines));
}

/// <summary>
/// The ScaleOut classes that leave both instances running share one pair (and its database); they run
/// alone, since the processes need the machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScaleOutCollection : ICollectionFixture<TwoInstances>
{
    public const string Name = "scale-out";
}

/// <summary>The classes that stop or kill an instance: each gets its own pair (a class fixture), one class at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScaleOutFaultsCollection
{
    public const string Name = "scale-out-faults";
}

/// <summary>A pair for the long tests alone: xunit makes a class's fixture even when all its tests are skipped.</summary>
public sealed class LongTestInstances : TwoInstances
{
    protected override bool Starts => Environment.GetEnvironmentVariable(LongScaleOutFactAttribute.Variable) == "1";
}
