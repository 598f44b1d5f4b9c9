using System.Net;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.IntegrationTests.Journal;

/// <summary>
/// Each student's entries are encrypted with her own key purpose: a ciphertext moved into another
/// student's row in the database opens for nobody, so it is never shown to her.
/// </summary>
[Trait("Category", "Journal")]
public sealed class JournalCiphertextTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<(BrowserlessClient Client, ApplicationUser User)> WriterAsync(string welcome, string second)
    {
        var (client, user) = await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-3));
        foreach (var (slug, text) in new[] { ("welcome", welcome), ("what-attachment-is", second) })
        {
            var (_, page) = await client.GetAsync($"/learn/{slug}");
            var saved = await client.SubmitAsync(page, "form.journal-form", $"/learn/{slug}", new Dictionary<string, string> { ["text"] = text });
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }
        return (client, user);
    }

    [Fact]
    public async Task A_ciphertext_swapped_between_two_students_rows_is_shown_to_neither()
    {
        const string AliceSecret = "alice-heron-umber-forty", BobSecret = "bob-lantern-teal-nine";
        var (alice, aliceUser) = await WriterAsync(AliceSecret, "alice keeps this one");
        var (bob, bobUser) = await WriterAsync(BobSecret, "bob keeps this one");

        await using (var db = app.Database.CreateContext())
        {
            var a = await db.JournalEntries.SingleAsync(e => e.UserId == aliceUser.Id && e.Lesson!.Slug == "welcome");
            var b = await db.JournalEntries.SingleAsync(e => e.UserId == bobUser.Id && e.Lesson!.Slug == "welcome");
            (a.Ciphertext, b.Ciphertext) = (b.Ciphertext, a.Ciphertext);
            await db.SaveChangesAsync();
        }

        foreach (var (client, own, other) in new[] { (alice, "alice keeps this one", BobSecret), (bob, "bob keeps this one", AliceSecret) })
        {
            var (journal, journalPage) = await client.GetAsync("/journal");
            Assert.True(journal.StatusCode == HttpStatusCode.OK, $"/journal answered {(int)journal.StatusCode}: {app.Errors}");
            Assert.Contains(own, journalPage.DocumentElement.TextContent);
            Assert.DoesNotContain(other, journalPage.DocumentElement.OuterHtml);

            var (lesson, lessonPage) = await client.GetAsync("/learn/welcome");
            Assert.Equal(HttpStatusCode.OK, lesson.StatusCode);
            Assert.NotNull(lessonPage.QuerySelector("form.journal-form"));
            Assert.DoesNotContain(other, lessonPage.DocumentElement.OuterHtml);

            var export = await client.Http.GetAsync("/journal/export");
            Assert.Equal(HttpStatusCode.OK, export.StatusCode);
            var markdown = await export.Content.ReadAsStringAsync();
            Assert.Contains(own, markdown);
            Assert.DoesNotContain(other, markdown);
        }
    }
}
