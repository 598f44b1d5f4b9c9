using AnxiousToSecure.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.IntegrationTests.Journal;

/// <summary>Outside Development the key ring must be protected by a certificate: the database holds the journal keys only in encrypted form.</summary>
[Trait("Category", "Journal")]
public sealed class KeyProtectionTests(AppFactory app) : IClassFixture<AppFactory>
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
