using System.Net;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.TestSupport.Drip;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace AnxiousToSecure.IntegrationTests.Drip;

/// <summary>The gentle return: one discreet note after 10 quiet days, at most two, never paused, finished or unwanted.</summary>
[Trait("Category", "Drip")]
public sealed class GentleReturnTests : DripHarness
{
    private const string Subject = "Your course is here whenever you are ready";

    private Task<ReturnSweepResult> ReturnSweepAsync() => App.Services.GetRequiredService<GentleReturnSweeper>().ExecuteAsync();

    private IReadOnlyList<MimeMessage> NotesTo(ApplicationUser user) => [.. MailTo(user).Where(m => m.Subject == Subject)];

    private async Task<ApplicationUser> QuietStudentAsync()
    {
        var student = await EnrolledAsync("Europe/London");
        // The welcome email goes out at once; nothing else runs the drip here, so only the return sweep sends.
        await SweepAsync();
        return student;
    }

    [Fact]
    public async Task After_ten_quiet_days_one_discreet_note_goes_out_and_not_a_minute_before()
    {
        var start = Now;
        var student = await QuietStudentAsync();

        At(start.AddDays(10).AddMinutes(-1));
        await ReturnSweepAsync();
        Assert.Empty(NotesTo(student));

        At(start.AddDays(10).AddMinutes(1));
        Assert.Equal(1, (await ReturnSweepAsync()).Sent);
        var note = Assert.Single(NotesTo(student));
        Assert.Contains("Your next lesson is waiting for you, whenever you are ready", note.TextBody);
        Assert.Contains($"/learn/{LessonOnDay(0).Slug}", note.TextBody);
        Assert.StartsWith("<https://", note.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", note.Headers["List-Unsubscribe-Post"]);
        // No streaks, counts or guilt: no numbers of days, no "missed".
        var words = System.Text.RegularExpressions.Regex.Replace(note.TextBody ?? "", @"https://\S+", "");
        foreach (var word in new[] { "streak", "missed", "behind", "in a row" })
        {
            Assert.DoesNotContain(word, words, StringComparison.OrdinalIgnoreCase);
        }
        Assert.DoesNotMatch(@"\d+\s+days?", words);

        await ReturnSweepAsync();
        Assert.Single(NotesTo(student));
    }

    [Fact]
    public async Task The_quiet_spell_counts_from_the_last_lesson_she_opened()
    {
        var start = Now;
        var (client, student) = await App.SignInNewStudentAsync(start, "Europe/London");
        At(start.AddDays(6));
        var (opened, _) = await client.GetAsync($"/learn/{LessonOnDay(0).Slug}");
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        await App.WriteLeftOffAsync();

        At(start.AddDays(12));
        await ReturnSweepAsync();
        Assert.Empty(NotesTo(student));
        At(start.AddDays(16).AddMinutes(1));
        await ReturnSweepAsync();
        Assert.Single(NotesTo(student));
    }

    [Fact]
    public async Task No_note_while_paused_and_the_quiet_spell_starts_again_when_she_resumes()
    {
        var start = Now;
        var student = await QuietStudentAsync();
        At(start.AddDays(2));
        using (var scope = App.Services.CreateScope()) await Service<ReminderSettingsService>(scope).PauseAsync(student.Id);

        At(start.AddDays(25));
        await ReturnSweepAsync();
        Assert.Empty(NotesTo(student));

        using (var scope = App.Services.CreateScope()) await Service<ReminderSettingsService>(scope).ResumeAsync(student.Id);
        At(start.AddDays(30));
        await ReturnSweepAsync();
        Assert.Empty(NotesTo(student));
        At(start.AddDays(35).AddMinutes(1));
        await ReturnSweepAsync();
        Assert.Single(NotesTo(student));
    }

    [Fact]
    public async Task At_most_two_notes_per_enrollment_ten_quiet_days_apart()
    {
        var start = Now;
        var student = await QuietStudentAsync();
        foreach (var day in new[] { 10, 15, 20, 30, 40, 60, 90 })
        {
            At(start.AddDays(day).AddMinutes(1));
            await ReturnSweepAsync();
        }
        var notes = NotesTo(student);
        Assert.Equal(2, notes.Count);
        Assert.Equal(2, (await EnrollmentOfAsync(student)).ReturnEmailsSent);
        Assert.NotEqual(notes[0].MessageId, notes[1].MessageId);
    }

    [Fact]
    public async Task No_note_once_she_has_completed_the_course()
    {
        var start = Now;
        var student = await QuietStudentAsync();
        var enrollment = await EnrollmentOfAsync(student);
        await using (var db = App.Database.CreateContext())
        {
            foreach (var lesson in await db.Lessons.Where(l => l.Published).Select(l => l.Id).ToListAsync())
            {
                db.LessonProgress.Add(new() { EnrollmentId = enrollment.Id, LessonId = lesson, LastViewedAt = start, CompletedAt = start });
            }
            await db.SaveChangesAsync();
        }

        At(start.AddDays(120));
        await ReturnSweepAsync();
        Assert.Empty(NotesTo(student));
    }

    [Fact]
    public async Task No_note_when_she_turned_it_off_or_turned_lesson_emails_off()
    {
        var start = Now;
        var noNotes = await QuietStudentAsync();
        var noEmails = await QuietStudentAsync();
        var control = await QuietStudentAsync();
        using (var scope = App.Services.CreateScope())
        {
            await Service<ReminderSettingsService>(scope).SetReturnEmailsAsync(noNotes.Id, false);
            await Service<ReminderSettingsService>(scope).SetEmailsAsync(noEmails.Id, false, DripEmailFormat.LinkOnly);
        }

        At(start.AddDays(11));
        await ReturnSweepAsync();
        Assert.Empty(NotesTo(noNotes));
        Assert.Empty(NotesTo(noEmails));
        Assert.Single(NotesTo(control));
    }

    [Fact]
    public async Task The_notes_one_click_unsubscribe_stops_every_course_email_including_the_next_note()
    {
        var start = Now;
        var student = await QuietStudentAsync();
        At(start.AddDays(11));
        await ReturnSweepAsync();
        var url = new Uri(Assert.Single(NotesTo(student)).Headers["List-Unsubscribe"]!.Trim('<', '>')).PathAndQuery;

        using var anonymous = App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = App.ClientOptions.BaseAddress });
        var answer = await anonymous.PostAsync(url, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);

        At(start.AddDays(40));
        await ReturnSweepAsync();
        Assert.Single(NotesTo(student));
    }

    [Fact]
    public async Task A_note_due_while_the_SMTP_server_is_down_is_retried_and_arrives_once()
    {
        var start = Now;
        var student = await QuietStudentAsync();
        App.Mail.Outage();
        At(start.AddDays(11));
        Assert.Equal(1, (await ReturnSweepAsync()).Retrying);
        Assert.Empty(NotesTo(student));
        Assert.Equal(0, (await EnrollmentOfAsync(student)).ReturnEmailsSent);

        App.Mail.Resume();
        await ReturnSweepAsync(); // the retry is not due yet
        Assert.Empty(NotesTo(student));
        At(Now + DripOptions.Backoff(1));
        Assert.Equal(1, (await ReturnSweepAsync()).Sent);
        await ReturnSweepAsync();
        Assert.Single(NotesTo(student));
        Assert.Equal(1, (await EnrollmentOfAsync(student)).ReturnEmailsSent);
    }

    [Fact]
    public async Task Sweepers_running_side_by_side_send_each_note_exactly_once()
    {
        var start = Now;
        var students = new List<ApplicationUser>();
        for (var i = 0; i < 6; i++) students.Add(await QuietStudentAsync());
        At(start.AddDays(11));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(ReturnSweepAsync)));
        Assert.Equal(6, results.Sum(r => r.Sent));
        Assert.All(students, s => Assert.Single(NotesTo(s)));
    }
}
