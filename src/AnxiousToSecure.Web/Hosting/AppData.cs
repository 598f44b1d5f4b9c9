using AnxiousToSecure.Core.Data;
using Microsoft.AspNetCore.DataProtection;

namespace AnxiousToSecure.Web.Hosting;

/// <summary>The clock, PostgreSQL (context, health check, developer error page) and the data-protection keys kept in it.</summary>
public static class AppData
{
    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder, string connectionString)
    {
        var services = builder.Services;
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

        services.AddDatabaseDeveloperPageExceptionFilter();
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("postgresql", tags: ["ready"]);
        return builder;
    }
}
