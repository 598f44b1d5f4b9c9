using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AnxiousToSecure.TestSupport;

/// <summary>Certificates the test apps are configured with, made once per run.</summary>
public static class TestCertificates
{
    public const string KeyRingPassword = "test-only";

    /// <summary>A PFX that encrypts the Data Protection key ring (required outside Development).</summary>
    public static string KeyRingPath => KeyRing.Value;

    /// <summary>A server certificate for 127.0.0.1 and localhost (the browser tests serve https, as the site does outside Development).</summary>
    public static X509Certificate2 Server => ServerCertificate.Value;

    private static readonly Lazy<X509Certificate2> ServerCertificate = new(() =>
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        // Through PFX bytes, so the private key is a persisted one that TLS can use.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    });

    private static readonly Lazy<string> KeyRing = new(() =>
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=AnxiousToSecure test key encryption", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(Path.GetTempPath(), $"ats-dp-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, KeyRingPassword));
        return path;
    });
}
