using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AnxiousToSecure.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.IntegrationTests.Journal;

public sealed class CertificateProtectedAppFactory : AppFactory
{
    public static readonly string CertificatePath = CreateCertificate();

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("DataProtection:KeyCertificatePath", CertificatePath),
        new("DataProtection:KeyCertificatePassword", "test-only"),
    ];

    private static string CreateCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=AnxiousToSecure test key encryption", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(Path.GetTempPath(), $"ats-dp-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, "test-only"));
        return path;
    }
}

/// <summary>With a key certificate configured, the database holds the journal keys only in encrypted form.</summary>
[Trait("Category", "Journal")]
public sealed class KeyProtectionTests(CertificateProtectedAppFactory app) : IClassFixture<CertificateProtectedAppFactory>
{
    [Fact]
    public async Task Data_protection_keys_are_stored_encrypted_and_the_journal_still_works()
    {
        var (client, _) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow());
        var (_, lesson) = await client.GetAsync("/learn/welcome");
        await client.SubmitAsync(lesson, "form.journal-form", "/learn/welcome", new Dictionary<string, string> { ["text"] = "kept safe" });
        Assert.Contains("kept safe", await client.Http.GetStringAsync("/journal/export"));

        await using var db = app.Database.CreateContext();
        var keys = await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("EncryptedData", xml);
            Assert.DoesNotContain("<value>", xml);
        });
    }
}
