using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Email;
using AnxiousToSecure.Core.Settings;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.UnitTests.Drip;

/// <summary>The lesson reminder, composed: discreet subject and sender, link-only unless she asked for the whole lesson, one-click unsubscribe.</summary>
[Trait("Category", "Drip")]
public sealed class LessonEmailComposerTests
{
    private const string Site = "https://course.example";

    private readonly UnsubscribeTokens tokens = new(new EphemeralDataProtectionProvider());
    private readonly LessonEmailComposer composer;

    public LessonEmailComposerTests() => composer = new LessonEmailComposer(
        Options.Create(new EmailOptions { FromAddress = "course@example.org", FromName = "Course team", PublicBaseUrl = Site + "/", PickupDirectory = "mail" }),
        tokens,
        new LessonRenderer());

    private static ApplicationUser Ana(DripEmailFormat format = DripEmailFormat.LinkOnly, string? name = "Ana") =>
        new() { Id = "user-ana", Email = "ana@example.com", DisplayName = name, UnsubscribeStamp = 2, LessonEmailFormat = format };

    private static readonly Lesson Breathe = new()
    {
        Slug = "breathe", Title = "Breathe <out>", Minutes = 5, ReleaseAfterDays = 3, BodyMarkdown = "\nRead **this**, then [the next one](/learn/next).\n",
        Practice = "Breathe out for six counts.", ContentNote = "Mentions loss.",
    };

    private static readonly Lesson Plain = new() { Slug = "plain", Title = "Plain", Minutes = 12, ReleaseAfterDays = 5, BodyMarkdown = "Just text." };

    private static readonly Lesson First = new() { Slug = "welcome", Title = "Welcome", Minutes = 6, ReleaseAfterDays = 0, BodyMarkdown = "Hello." };

    private static string Text(EmailMessage m) => m.TextBody.ReplaceLineEndings("\n");

    private string UnsubscribeToken(EmailMessage m)
    {
        var header = Assert.Single(m.Headers, h => h.Name == "List-Unsubscribe").Value;
        Assert.StartsWith($"<{Site}/email/unsubscribe/one-click?token=", header);
        return Uri.UnescapeDataString(header[(header.IndexOf("token=", StringComparison.Ordinal) + 6)..^1]);
    }

    [Fact]
    public void One_lesson_is_a_short_note_with_its_link_and_nothing_of_the_lesson_itself()
    {
        var m = composer.Compose(Ana(), [Breathe], "release-1");
        var token = Uri.EscapeDataString(UnsubscribeToken(m));

        Assert.Equal($"""
            Hello Ana,

            Something new is ready for you in your course:

              Breathe <out> (5 min)
              {Site}/learn/breathe

            There is no rush. It will be there whenever you are ready, and nothing is lost by waiting.

            --
            You get this email because you are enrolled in the course.
            Stop lesson emails (your access stays the same): {Site}/email/unsubscribe?token={token}
            Change how they arrive, or pause: {Site}/settings/reminders
            If you are struggling right now: {Site}/crisis

            """, Text(m));
        Assert.Equal(
            "<!doctype html><html><body style=\"font-family:Georgia,serif;line-height:1.6;max-width:36em;margin:auto;padding:1em;color:#222\">"
            + "<p>Hello Ana,</p><p>Something new is ready for you in your course:</p>"
            + $"<ul><li><a href=\"{Site}/learn/breathe\">Breathe &lt;out&gt;</a> (5 min)</li></ul>"
            + "<p>There is no rush. It will be there whenever you are ready, and nothing is lost by waiting.</p>"
            + "<hr><p style=\"font-size:0.9em;color:#555\">You get this email because you are enrolled in the course.<br>"
            + $"<a href=\"{Site}/email/unsubscribe?token={token}\">Stop lesson emails</a> (your access stays the same) · "
            + $"<a href=\"{Site}/settings/reminders\">Change how they arrive, or pause</a> · "
            + $"<a href=\"{Site}/crisis\">If you are struggling right now</a></p></body></html>",
            m.HtmlBody);
    }

    [Fact]
    public void The_envelope_is_discreet_and_offers_one_click_unsubscribe()
    {
        var m = composer.Compose(Ana(), [Breathe], "release-1");

        Assert.Equal("Your next lesson is ready", m.Subject);
        Assert.Equal(new EmailAddress("course@example.org", "Course team"), m.From);
        Assert.Equal(new EmailAddress("ana@example.com", "Ana"), m.To);
        Assert.Equal("release-1@course.example", m.MessageId);
        Assert.Equal(
            [("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"), ("Auto-Submitted", "auto-generated")],
            m.Headers.Where(h => h.Name != "List-Unsubscribe").Select(h => (h.Name, h.Value)));
        Assert.True(tokens.TryRead(UnsubscribeToken(m), out var userId, out var stamp));
        Assert.Equal(("user-ana", 2), (userId, stamp));
        Assert.DoesNotContain("<img", m.HtmlBody);
    }

    [Fact]
    public void Her_first_email_welcomes_her_by_name_with_lesson_one_and_her_course_page()
    {
        var m = composer.Compose(Ana(), [First], "release-0");

        Assert.Equal("Welcome: your course is open", m.Subject);
        Assert.StartsWith("Welcome, Ana.\n\nYour course is open. Start with the first lesson whenever you have a quiet moment:\n\n  Welcome (6 min)\n" +
            $"  {Site}/learn/welcome\n", Text(m));
        Assert.Contains($"Your course page shows what is open and what comes next:\n  {Site}/learn\n", Text(m));
        Assert.Contains($"<a href=\"{Site}/learn/welcome\">Welcome</a>", m.HtmlBody);
        Assert.Contains($"<a href=\"{Site}/learn\">your course page</a>", m.HtmlBody);
        // Still discreet: nothing in the subject says what the course is about.
        Assert.DoesNotContain("anxi", m.Subject, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Later_emails_are_not_welcomes()
    {
        var m = composer.Compose(Ana(), [Breathe], "release-3");

        Assert.DoesNotContain("Welcome", Text(m), StringComparison.Ordinal);
        Assert.DoesNotContain($"{Site}/learn\n", Text(m), StringComparison.Ordinal);
    }

    [Fact]
    public void Several_lessons_go_in_one_email_that_says_how_many()
    {
        var m = composer.Compose(Ana(), [Breathe, Plain], "release-2");

        Assert.Equal("2 new lessons are ready", m.Subject);
        Assert.Contains("A few new pieces are ready for you in your course:\n\n  Breathe <out> (5 min)\n", Text(m));
        Assert.Contains($"\n  Plain (12 min)\n  {Site}/learn/plain\n\n", Text(m));
        Assert.Contains($"<li><a href=\"{Site}/learn/plain\">Plain</a> (12 min)</li></ul>", m.HtmlBody);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Without_a_name_she_is_greeted_plainly(string? name)
    {
        var m = composer.Compose(Ana(name: name), [Plain], "release-3");

        Assert.StartsWith("Hello,\n", Text(m));
        Assert.Contains("<p>Hello,</p>", m.HtmlBody);
        Assert.Equal("ana@example.com", m.To.Address);
    }

    [Fact]
    public void Without_a_name_the_address_carries_none() =>
        Assert.Equal(new EmailAddress("ana@example.com", ""), composer.Compose(Ana(name: null), [Plain], "release-9").To);

    [Fact]
    public void The_whole_lesson_comes_with_its_note_body_and_practice_when_she_asked_for_it()
    {
        var m = composer.Compose(Ana(DripEmailFormat.FullLesson), [Breathe], "release-4");

        Assert.Contains(
            $"waiting.\n\n{new string('-', 40)}\nBreathe <out>\n\nBefore you read: Mentions loss.\n\n"
            + "Read **this**, then [the next one](/learn/next).\n\nTo try before your next lesson: Breathe out for six counts.\n\n--\n",
            Text(m));
        Assert.Contains("<hr><h2>Breathe &lt;out&gt;</h2><p><strong>Before you read:</strong> Mentions loss.</p><p>Read <strong>this</strong>", m.HtmlBody);
        Assert.Contains($"href=\"{Site}/learn/next\"", m.HtmlBody);
        Assert.Contains("<p><strong>To try before your next lesson:</strong> Breathe out for six counts.</p><hr>", m.HtmlBody);
    }

    [Fact]
    public void A_whole_lesson_without_a_note_or_practice_has_neither_heading()
    {
        var m = composer.Compose(Ana(DripEmailFormat.FullLesson), [new Lesson { Slug = "bare", Title = "Bare", Minutes = 3, BodyMarkdown = "Just text.", ContentNote = " ", Practice = "" }], "release-5");

        Assert.Contains("Just text.", Text(m));
        Assert.DoesNotContain("Before you read", Text(m));
        Assert.DoesNotContain("To try before your next lesson", Text(m));
        Assert.DoesNotContain("Before you read", m.HtmlBody);
        Assert.DoesNotContain("To try before your next lesson", m.HtmlBody);
    }

    [Fact]
    public void A_link_only_email_never_carries_the_lessons_words()
    {
        var m = composer.Compose(Ana(), [Breathe], "release-6");

        foreach (var secret in new[] { "Read", "Mentions loss", "six counts" })
        {
            Assert.DoesNotContain(secret, m.TextBody);
            Assert.DoesNotContain(secret, m.HtmlBody);
        }
    }

    [Fact]
    public void An_email_needs_a_lesson_and_an_address()
    {
        var none = Assert.Throws<ArgumentException>(() => composer.Compose(Ana(), [], "release-7"));
        Assert.Equal("lessons", none.ParamName);
        Assert.StartsWith("A lesson email needs at least one lesson.", none.Message);
        var noEmail = Ana();
        noEmail.Email = null;
        Assert.Equal("User user-ana has no email address.", Assert.Throws<InvalidOperationException>(() => composer.Compose(noEmail, [Plain], "release-8")).Message);
    }
}
