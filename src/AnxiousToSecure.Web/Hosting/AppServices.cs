using AnxiousToSecure.Core.Email;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Smtp;
using AnxiousToSecure.Web.Components.Account;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace AnxiousToSecure.Web.Hosting;

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

        services.AddSingleton(TimeProvider.System);
        services.AddAppDbContext(connectionString);
        var dataProtection = services.AddDataProtection().SetApplicationName("AnxiousToSecure").PersistKeysToDbContext<AppDbContext>();
        // The keys live in the same database as the journal ciphertext; a certificate kept outside it
        // means a copy of the database alone cannot open the journal.
        if (builder.Configuration["DataProtection:KeyCertificatePath"] is { Length: > 0 } certificatePath)
        {
            if (!File.Exists(certificatePath))
            {
                throw new InvalidOperationException($"The setting 'DataProtection:KeyCertificatePath' (DataProtection__KeyCertificatePath) names '{certificatePath}', which does not exist.");
            }
            dataProtection.ProtectKeysWithCertificate(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                certificatePath, builder.Configuration["DataProtection:KeyCertificatePassword"]));
        }

        services.AddOptions<AnxiousToSecure.Core.Care.CareOptions>().BindConfiguration(AnxiousToSecure.Core.Care.CareOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DevAccountsOptions>().BindConfiguration(DevAccountsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.AddAppEmail();
        builder.AddAppJobs(connectionString);
        builder.AddAppBilling();
        services.AddOptions<DripOptions>().BindConfiguration(DripOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ReminderSettingsService>();
        services.AddSingleton<LessonEmailComposer>();
        services.AddTransient<DripSweeper>();

        services.AddSingleton<LessonRenderer>();
        services.AddScoped<CourseImporter>();
        services.AddScoped<CourseExporter>();
        services.AddScoped<AnxiousToSecure.Core.Author.LessonAuthoring>();
        services.AddScoped<AnxiousToSecure.Core.Author.LessonAttachments>();
        services.AddScoped<EnrollmentService>();
        services.AddScoped<StudentCourseService>();
        services.AddScoped<LessonEmailQueue>();
        services.AddScoped<AnxiousToSecure.Core.Audit.AuditQuery>();
        services.AddScoped<AnxiousToSecure.Core.Journal.JournalService>();
        services.AddScoped<AnxiousToSecure.Core.Accounts.PersonalDataService>();
        services.AddScoped<DevAccountsSeeder>();
        services.AddScoped<AnxiousToSecure.Core.Admin.AdminDashboard>();
        services.AddScoped<AnxiousToSecure.Core.Admin.EnrollmentDirectory>();
        services.AddScoped<AnxiousToSecure.Core.Admin.StudentRecords>();
        services.AddScoped<AnxiousToSecure.Core.Admin.StudentAdministration>();
        services.AddScoped<AnxiousToSecure.Core.Admin.RoleAdministration>();
        services.AddScoped<AnxiousToSecure.Core.Admin.PaymentRecords>();
        services.AddScoped<AnxiousToSecure.Core.Checkout.PurchaseHistory>();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddSingleton<AnxiousToSecure.Web.Components.Shared.FlashNotes>();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddAuthorization();
        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = true;
                AppDbContext.ConfigureIdentityStores(options.Stores);
                options.User.RequireUniqueEmail = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        // Roles live in the cookie; it is checked against the database (and its roles refreshed) every
        // minute, so an admin who takes a role away does not wait for the default half hour.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddDatabaseDeveloperPageExceptionFilter();
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("postgresql", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// Every email goes through SMTP (MailKit). Only Development may leave the host unset, and then
    /// writes messages to a pickup folder shown at /dev/mailbox.
    /// </summary>
    private static void AddAppEmail(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var development = builder.Environment.IsDevelopment();
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations().ValidateOnStart()
            .PostConfigure(o => o.PickupDirectory = Path.GetFullPath(o.PickupDirectory, builder.Environment.ContentRootPath));
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.IsConfigured || development,
                "The setting 'Smtp:Host' (environment variable Smtp__Host) is missing: outside Development every email goes through an SMTP server.")
            .ValidateOnStart();
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{SmtpOptions.Section}:Host"]) || !development)
        {
            services.AddSingleton<IEmailTransport, SmtpTransport>();
        }
        else
        {
            services.AddSingleton<IEmailTransport, PickupFolderTransport>();
        }
        services.AddSingleton<UnsubscribeTokens>();
        services.AddSingleton<IEmailSender<ApplicationUser>, IdentityEmailSender>();
    }
}
