namespace AnxiousToSecure.TestSupport;

/// <summary>A second instance of the app on the first one's database, as two servers behind a load balancer would run.</summary>
public sealed class AnotherInstance(AppFactory first) : AppFactory(first);

/// <summary>Two instances of the app on one database, started and stopped together.</summary>
public sealed class TwoInstances : IAsyncLifetime
{
    public AppFactory First { get; } = new();

    public AppFactory Second { get; }

    public TwoInstances() => Second = new AnotherInstance(First);

    public async Task InitializeAsync()
    {
        await First.InitializeAsync();
        await Second.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Second.DisposeAsync();
        await First.DisposeAsync();
    }
}
