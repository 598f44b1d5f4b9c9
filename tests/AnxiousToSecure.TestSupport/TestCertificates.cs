using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AnxiousToSecure.TestSupport;

/// <summary>Certificates the test apps are configured with, made once per run.</summary>
public static class TestCertificates
{
    public const string KeyRingPassword = "test-only";

    /// <summary>A PFX that encrypts the Data Protection key ring (required outside Development).</summary>
    public static string KeyRingPath => KeyRing.Value;

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
