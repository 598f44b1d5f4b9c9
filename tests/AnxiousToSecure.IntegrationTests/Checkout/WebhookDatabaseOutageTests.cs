using System.Net;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.IntegrationTests.Admin;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Checkout;
using Npgsql;

namespace AnxiousToSecure.IntegrationTests.Checkout;

/// <summary>When the database is down, the webhook answers 5xx so that Stripe delivers the event again.</summary>
[Trait("Category", "Checkout")]
public sealed class WebhookDatabaseOutageTests() : PaymentHarness(new AppFactory()), IAsyncLifetime
{
    public Task InitializeAsync() => App.InitializeAsync();

    public Task DisposeAsync() => App.DisposeAsync();

    private async Task SetDatabaseUpAsync(bool up)
    {
        var server = new NpgsqlConnectionStringBuilder(App.Database.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        var name = App.Database.Name;
        var sql = up
            ? $"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true"
            : $"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'";
        await using (var command = new NpgsqlCommand(sql, connection)) await command.ExecuteNonQueryAsync();
        NpgsqlConnection.ClearAllPools();
    }

    [Fact]
    public async Task A_database_failure_answers_5xx_and_the_redelivered_event_succeeds()
    {
        var (client, student) = await StudentAsync();
        var json = FakeStripe.Event("checkout.session.completed", App.Stripe.Pay(await StartCheckoutAsync(client)), Now);

        await SetDatabaseUpAsync(false);
        HttpResponseMessage during;
        try
        {
            during = await PostEventAsync(json);
        }
        finally
        {
            await SetDatabaseUpAsync(true);
        }
        Assert.True((int)during.StatusCode >= 500, $"expected 5xx, got {(int)during.StatusCode}");
        Assert.Null(await EnrollmentOfAsync(student));

        var redelivered = await PostEventAsync(json);
        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        Assert.Equal("Processed", (await redelivered.Content.ReadAsStringAsync()).Trim());
        Assert.Equal(EnrollmentStatus.Active, (await EnrollmentOfAsync(student))!.Status);
    }
}
