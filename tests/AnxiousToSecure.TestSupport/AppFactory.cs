using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AnxiousToSecure.TestSupport;

/// <summary>The real app over its own PostgreSQL database, with a clock the test moves and a real SMTP server that keeps what it gets.</summary>
public class AppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>Development without Stripe keys runs the local test checkout instead of Stripe.</summary>
    protected virtual bool LocalTestCheckout => false;

    /// <summary>
    /// Run a Hangfire worker for the account email queue, so confirmation and reset emails arrive by
    /// themselves. Off: they wait in the queue (where a test can read them) and nothing sends them.
    /// </summary>
    protected virtual bool SendsAccountEmail => false;

    /// <summary>The configured public address: every link in an email starts with it, whatever the request said.</summary>
    public const string PublicBaseUrl = "https://courses.anxioustosecure.test";

    /// <summary>Extra settings a derived factory needs before the app starts.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> ExtraSettings => [];

    public const string Password = "Correct-horse-42";

    /// <summary>Where every app's clock starts, and when the course in its database was imported.</summary>
    public static readonly DateTimeOffset StartTime = new(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);

    private TestDatabase? database;

    /// <summary>Set on a second instance of the app: it runs on the first one's database (two hosts, one database).</summary>
    private readonly AppFactory? databaseOwner;

    /// <summary>Every SQL statement this app sends through its contexts.</summary>
    public SqlStatements Statements { get; } = new();

    /// <summary>
    /// Cloned with the course already imported. In Development the app seeds the development accounts at
    /// start, and enrolls the development student if there is a course: those apps start without one
    /// and import it after start, as before.
    /// </summary>
    public TestDatabase Database => databaseOwner?.Database ?? (database ??= new(DatabaseContent));

    /// <summary>What the app's database holds at start; a factory that imports another course first starts from <see cref="TestDatabaseContent.Migrated"/>.</summary>
    protected virtual TestDatabaseContent DatabaseContent => LocalTestCheckout ? TestDatabaseContent.Migrated : TestDatabaseContent.Course;

    /// <summary>The app's database: by default <see cref="Database"/>, cloned on the shared test cluster.</summary>
    protected virtual string DatabaseConnectionString => Database.ConnectionString;

    /// <summary>Makes the app's database before the app starts (a factory on a private cluster makes its own).</summary>
    protected virtual Task CreateDatabaseAsync() => Database.InitializeAsync();

    protected virtual Task DropDatabaseAsync() => Database.DisposeAsync();

    public FakeTimeProvider Clock { get; } = new(StartTime);

    /// <summary>Outside Development cookies are Secure: the test clients speak https (the test server does not mind).</summary>
    public AppFactory() => ClientOptions.BaseAddress = new Uri("https://localhost");

    /// <summary>Another instance of the app on <paramref name="sharesDatabaseWith"/>'s database, which that factory creates and drops.</summary>
    protected AppFactory(AppFactory sharesDatabaseWith) : this() => databaseOwner = sharesDatabaseWith;

    public SmtpSink Mail { get; } = SmtpSink.Start();

    /// <summary>Errors the app logged: put them in assertion messages.</summary>
    public ErrorLog Errors { get; } = new();

    /// <summary>The Stripe API the app's real Stripe.net client talks to (started before the app).</summary>
    public FakeStripe Stripe { get; private set; } = null!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(LocalTestCheckout ? "Development" : "Testing");
        builder.UseSetting("ConnectionStrings:Default", DatabaseConnectionString);
        builder.UseSetting("Smtp:Host", "127.0.0.1");
        builder.UseSetting("Smtp:Port", Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Smtp:Security", "None");
        builder.UseSetting("Smtp:TimeoutSeconds", "5");
        // netDumbster hangs on a second message over the same connection, so the test sink gets a connection per message.
        builder.UseSetting("Smtp:PooledConnections", "0");
        builder.UseSetting("Email:PublicBaseUrl", PublicBaseUrl);
        if (!LocalTestCheckout)
        {
            // Outside Development the app requires these: the hosts it answers to, and a certificate for its key ring.
            builder.UseSetting("AllowedHosts", $"localhost;127.0.0.1;{new Uri(PublicBaseUrl).Host}");
            builder.UseSetting("DataProtection:KeyCertificatePath", TestCertificates.KeyRingPath);
            builder.UseSetting("DataProtection:KeyCertificatePassword", TestCertificates.KeyRingPassword);
        }
        builder.UseSetting("Stripe:SecretKey", LocalTestCheckout ? "" : FakeStripe.SecretKey);
        builder.UseSetting("Stripe:WebhookSecret", LocalTestCheckout ? "" : FakeStripe.WebhookSecret);
        builder.UseSetting("Stripe:ApiBase", Stripe.BaseUrl);
        builder.UseSetting("Stripe:MaxNetworkRetries", "0");
        // Tests run the drip sweep themselves, with the fake clock; account email only if asked for.
        builder.UseSetting("Jobs:RunServer", SendsAccountEmail ? "true" : "false");
        builder.UseSetting("Jobs:Queues:0", Core.Jobs.AccountEmailJob.Queue);
        builder.UseSetting("Jobs:WorkerCount", "1");
        foreach (var (key, value) in ExtraSettings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Errors));
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(Statements));
        });
    }

    public virtual async Task InitializeAsync()
    {
        Stripe = await FakeStripe.StartAsync();
        if (databaseOwner is null) await CreateDatabaseAsync();
        using var scope = Services.CreateScope(); // starts the app
        if (LocalTestCheckout)
        {
            await scope.ServiceProvider.GetRequiredService<CourseImporter>().ImportFolderAsync(TestPaths.CourseContent);
        }
    }

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (databaseOwner is null) await DropDatabaseAsync();
        Mail.Dispose();
        await Stripe.DisposeAsync();
    }

    /// <summary>
    /// A context from the app's own pool, for a test that changes her rows as the app itself would (an admin, a
    /// webhook): this instance's copy of her state is dropped at once. A change through <see cref="TestDatabase.CreateContext"/>
    /// is one from outside the app, which reaches the copy through the database's notification, within a second.
    /// </summary>
    public AppDbContext CreateAppContext() => Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    /// <summary>
    /// Writes "where she left off" now, as the app's writer does within a second (<see cref="LeftOffWrites"/>), until
    /// nothing is left: a mark whose enrollment a job held just then (the drip sweep locks enrollments) is kept for
    /// the next write, and would otherwise land after whatever the test does next. How many marks it wrote.
    /// </summary>
    public async Task<int> WriteLeftOffAsync()
    {
        var marks = Services.GetRequiredService<LeftOffWrites>();
        var written = 0;
        for (var attempt = 0; ; attempt++)
        {
            await using (var db = await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
            {
                written += await marks.FlushAsync(db);
            }
            if (marks.Pending == 0) return written;
            if (attempt == 100) throw new TimeoutException($"{marks.Pending} left-off marks could not be written in 100 tries");
            await Task.Delay(50);
        }
    }

    /// <summary>A new confirmed student (optionally enrolled), already signed in on a fresh client.</summary>
    public async Task<(BrowserlessClient Client, ApplicationUser User)> SignInNewStudentAsync(DateTimeOffset? enrolledAt = null, string? timeZone = null)
    {
        var email = $"s{Guid.NewGuid():N}@example.com";
        var user = await CreateStudentAsync(email, enrolledAt, timeZone);
        var client = BrowserlessClient.Create(this);
        await client.SignInAsync(email);
        return (client, user);
    }

    /// <summary>A new confirmed account with the given role, signed in on a fresh client.</summary>
    public async Task<BrowserlessClient> SignInNewUserAsync(string role)
    {
        var email = await CreateUserAsync(role);
        var client = BrowserlessClient.Create(this);
        await client.SignInAsync(email);
        return client;
    }

    /// <summary>
    /// A new confirmed account with the given role and <see cref="Password"/>; returns its email. Staff
    /// accounts get an authenticator (see <see cref="Authenticators"/>) unless <paramref name="secondFactor"/> is false.
    /// </summary>
    public async Task<string> CreateUserAsync(string role, bool secondFactor = true)
    {
        var email = $"{role.ToLowerInvariant()}{Guid.NewGuid():N}@example.com";
        using var scope = Services.CreateScope();
        var user = await CreateAccountAsync(scope, email, role, timeZone: null);
        if (secondFactor && Roles.Staff.Contains(role))
        {
            var key = Authenticators.NewKey();
            await AnxiousToSecure.Web.Hosting.DevAccountsSeeder.EnableAuthenticatorAsync(scope.ServiceProvider, user, key);
            Authenticators.Register(email, key);
        }
        return email;
    }

    private async Task<ApplicationUser> CreateAccountAsync(IServiceScope scope, string email, string role, string? timeZone)
    {
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, TimeZone = timeZone, CreatedAt = Clock.GetUtcNow() };
        var result = await users.CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        return user;
    }

    /// <summary>A confirmed account, optionally enrolled with the drip clock started at <paramref name="enrolledAt"/>.</summary>
    public async Task<ApplicationUser> CreateStudentAsync(string email, DateTimeOffset? enrolledAt = null, string? timeZone = null)
    {
        using var scope = Services.CreateScope();
        var user = await CreateAccountAsync(scope, email, Roles.Student, timeZone);
        if (enrolledAt is not null)
        {
            // The app's own context: a factory on a private cluster has no shared-cluster database.
            var courseId = scope.ServiceProvider.GetRequiredService<AppDbContext>().Courses.Single().Id;
            await scope.ServiceProvider.GetRequiredService<EnrollmentService>().GrantAsync(user.Id, courseId, enrolledAt);
        }
        return user;
    }
}
