namespace AnxiousToSecure.Web.Hosting;

/// <summary>
/// Every service of the app, feature by feature. The order is kept from when this was one method:
/// some framework registrations (Razor components, then Identity's authentication state) depend on it.
/// </summary>
public static class AppServices
{
    public static WebApplicationBuilder AddAppServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var connectionString = builder.Configuration.GetConnectionString("Default");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "The setting 'ConnectionStrings:Default' (environment variable ConnectionStrings__Default) is missing: " +
                "it must name the PostgreSQL database, e.g. Host=127.0.0.1;Port=5432;Database=anxioustosecure;Username=app;Password=...");
        }

        // Hosted services (the key ring's warm-up, the Hangfire server) start beside the web server, not
        // before it: the app answers (and /health/ready says so) while they finish.
        services.Configure<HostOptions>(o =>
        {
            o.ServicesStartConcurrently = true;
            o.ServicesStopConcurrently = true;
        });
        builder.AddData(connectionString);
        services.AddCare();
        builder.AddEmail();
        builder.AddAppJobs(connectionString);
        builder.AddCheckout();
        services.AddDrip();
        services.AddSettings();
        services.AddCatalog();
        services.AddAuthor();
        services.AddLearn();
        services.AddToolkit();
        services.AddFeedback();
        services.AddJournal();
        services.AddAdmin();
        services.AddPages();
        services.AddAccounts();
        builder.AddPublicAddress();
        builder.AddSecureCookies();
        services.AddAppRateLimits();
        services.AddAppSecurityHeaders();
        builder.AddAppOutputCache();
        builder.AddObservability();
        return builder;
    }
}
