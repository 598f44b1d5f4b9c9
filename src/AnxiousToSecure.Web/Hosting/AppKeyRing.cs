using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace AnxiousToSecure.Web.Hosting;

/// <summary>The certificate that encrypts the Data Protection key ring kept in PostgreSQL.</summary>
public sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    /// <summary>A PFX file with its private key, kept outside the database (a mounted secret, not a backup of the database).</summary>
    public string? KeyCertificatePath { get; set; }

    public string? KeyCertificatePassword { get; set; }
}

/// <summary>
/// Outside Development the key ring must be encrypted at rest: the keys live in the same database as the
/// journal ciphertext, and only a certificate kept elsewhere stops a copy of the database from opening both.
/// </summary>
public static class AppKeyRing
{
    public static IDataProtectionBuilder ProtectKeyRing(this IDataProtectionBuilder dataProtection, WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<KeyRingOptions>().BindConfiguration(KeyRingOptions.Section)
            .Validate(o => development || !string.IsNullOrWhiteSpace(o.KeyCertificatePath),
                "The setting 'DataProtection:KeyCertificatePath' (environment variable DataProtection__KeyCertificatePath) is missing: outside " +
                "Development the Data Protection key ring in the database must be encrypted with a certificate (a PFX with its private key, " +
                "password in DataProtection__KeyCertificatePassword), kept outside the database.")
            .ValidateOnStart();

        var options = builder.Configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        if (string.IsNullOrWhiteSpace(options.KeyCertificatePath)) return dataProtection;
        if (!File.Exists(options.KeyCertificatePath))
        {
            throw new InvalidOperationException(
                $"The setting 'DataProtection:KeyCertificatePath' (DataProtection__KeyCertificatePath) names '{options.KeyCertificatePath}', which does not exist.");
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(options.KeyCertificatePath, options.KeyCertificatePassword);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException(
                $"The setting 'DataProtection:KeyCertificatePath' (DataProtection__KeyCertificatePath) names '{options.KeyCertificatePath}', which cannot be " +
                $"read as a PFX with the password in DataProtection:KeyCertificatePassword: {e.Message}", e);
        }
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException(
                $"The setting 'DataProtection:KeyCertificatePath' (DataProtection__KeyCertificatePath) names a certificate without its private key: the key ring could be written but never read.");
        }
        return dataProtection.ProtectKeysWithCertificate(certificate);
    }
}
