using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Feedback;
using AnxiousToSecure.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Feedback;

/// <summary>
/// "How did this lesson land?": one answer per student and lesson, changeable; "Too much right now" answered
/// with care (a grounding practice, the crisis page, a one-tap pause); the instructor's counts and notes with
/// no name or email; the drop-off chart's numbers; her answers in her export and gone with her account.
/// </summary>
[Trait("Category", "Feedback")]
public sealed class FeedbackTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Grounding = "grounding-through-your-feet";

    private async Task<(BrowserlessClient Client, ApplicationUser User)> StudentAsync(int daysIn = 400) =>
        await app.SignInNewStudentAsync(app.Clock.GetUtcNow().AddDays(-daysIn));

    private static async Task<(HttpResponseMessage Response, IHtmlDocument Page)> AnswerAsync(BrowserlessClient client, string slug, LessonLanding answer, string? note = null)
    {
        var (_, lesson) = await client.GetAsync($"/learn/{slug}");
        var fields = new Dictionary<string, string> { ["answer"] = answer.ToString() };
        if (note is not null) fields["note"] = note;
        var response = await client.SubmitAsync(lesson, "form.landing-form", $"/learn/{slug}", fields);
        var (_, after) = await client.GetAsync($"/learn/{slug}");
        return (response, after);
    }

    [Fact]
    public async Task She_has_one_answer_per_lesson_and_can_change_it()
    {
        var (client, user) = await StudentAsync();
        var (first, page) = await AnswerAsync(client, "welcome", LessonLanding.Helpful, "clear and kind");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/learn/welcome#feedback", first.Headers.Location!.OriginalString);
        Assert.Contains("Your answer: Helpful", page.QuerySelector("#feedback")!.TextContent);
        Assert.Equal("clear and kind", page.QuerySelector("#landing-note")!.TextContent);
        Assert.Null(page.QuerySelector("#care"));

        var (_, changed) = await AnswerAsync(client, "welcome", LessonLanding.NotForMe, "");
        Assert.Contains("Your answer: Not for me", changed.QuerySelector("#feedback")!.TextContent);
        await AnswerAsync(client, "what-attachment-is", LessonLanding.Helpful);
        await using var db = app.Database.CreateContext();
        var rows = await db.LessonFeedback.Where(f => f.UserId == user.Id).Include(f => f.Lesson).ToListAsync();
        Assert.Equal(2, rows.Count);
        var welcome = Assert.Single(rows, r => r.Lesson!.Slug == "welcome");
        Assert.Equal(LessonLanding.NotForMe, welcome.Answer);
        Assert.Null(welcome.Note);
    }

    [Fact]
    public async Task An_answer_is_refused_for_a_lesson_she_cannot_read_or_that_is_not_one_of_the_three()
    {
        var (client, user) = await StudentAsync(daysIn: 0);
        var (_, welcome) = await client.GetAsync("/learn/welcome");
        var token = welcome.QuerySelector("form.landing-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var locked = await client.Http.PostAsync($"/feedback/{Grounding}", new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("answer", nameof(LessonLanding.Helpful))]));
        Assert.Equal(HttpStatusCode.BadRequest, locked.StatusCode);
        foreach (var wrong in new[] { "", "Loved", "2", "helpful" })
        {
            var response = await client.Http.PostAsync("/feedback/welcome", new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("answer", wrong)]));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        var tooLong = await client.Http.PostAsync("/feedback/welcome", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("answer", nameof(LessonLanding.Helpful)), new("note", new string('a', LessonFeedback.NoteMaxLength + 1))]));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        await using var db = app.Database.CreateContext();
        Assert.False(await db.LessonFeedback.AnyAsync(f => f.UserId == user.Id));
    }

    [Fact]
    public async Task Too_much_right_now_offers_a_grounding_practice_the_crisis_page_and_a_pause_that_works_in_one_tap()
    {
        var (client, user) = await StudentAsync();
        var (_, page) = await AnswerAsync(client, "welcome", LessonLanding.TooMuch);
        var care = page.QuerySelector("#care")!;
        // Her toolkit is empty: the course's grounding lesson, which she can open.
        Assert.Contains("A grounding practice: Grounding Through Your Feet", care.TextContent);
        Assert.NotNull(care.QuerySelector($"a[href='learn/{Grounding}']"));
        Assert.NotNull(care.QuerySelector("a[href='crisis']"));
        var pause = care.QuerySelector("form.pause-form")!;
        Assert.Equal("settings/reminders/pause", pause.GetAttribute("action"));

        var paused = await client.SubmitAsync(page, "form.pause-form", "/learn/welcome");
        Assert.Equal(HttpStatusCode.Redirect, paused.StatusCode);
        Assert.Equal("/learn/welcome#care", paused.Headers.Location!.OriginalString);
        await using (var db = app.Database.CreateContext())
        {
            Assert.NotNull(await db.Enrollments.Where(e => e.UserId == user.Id).Select(e => e.PausedAt).SingleAsync());
        }
        var (_, after) = await client.GetAsync("/learn/welcome");
        Assert.Null(after.QuerySelector("form.pause-form"));
        Assert.Contains("Your course is paused", after.QuerySelector("#care")!.TextContent);
        var (_, settings) = await client.GetAsync("/settings/reminders");
        Assert.NotNull(settings.QuerySelector("form#resume"));
    }

    [Fact]
    public async Task Too_much_right_now_offers_her_own_saved_practice_before_the_grounding_lesson()
    {
        var (client, _) = await StudentAsync();
        var (_, exhale) = await client.GetAsync("/learn/the-longer-exhale");
        await client.SubmitAsync(exhale, "form.toolkit-form", "/learn/the-longer-exhale");
        var (_, page) = await AnswerAsync(client, "welcome", LessonLanding.TooMuch);
        var care = page.QuerySelector("#care")!;
        Assert.Contains("A practice from your toolkit", care.TextContent);
        Assert.NotNull(care.QuerySelector("a[href='learn/the-longer-exhale']"));
        Assert.Null(care.QuerySelector($"a[href='learn/{Grounding}']"));

        // On the lesson she saved, it offers another: the grounding lesson.
        var (_, same) = await AnswerAsync(client, "the-longer-exhale", LessonLanding.TooMuch);
        Assert.Contains("A grounding practice", same.QuerySelector("#care")!.TextContent);
    }

    [Fact]
    public async Task On_her_first_day_the_grounding_practice_is_offered_without_opening_its_locked_lesson()
    {
        var (client, _) = await StudentAsync(daysIn: 0);
        var (_, page) = await AnswerAsync(client, "welcome", LessonLanding.TooMuch);
        var care = page.QuerySelector("#care")!;
        Assert.Contains("A grounding practice", care.TextContent);
        Assert.Contains("feel your feet on the ground", care.TextContent);
        Assert.Null(care.QuerySelector($"a[href='learn/{Grounding}']"));
        Assert.NotNull(care.QuerySelector("form.pause-form"));
    }

    [Fact]
    public async Task The_instructor_sees_counts_and_notes_per_lesson_but_never_a_name_or_an_email()
    {
        const string slug = "two-dimensions-of-attachment";
        var before = await ReportRowAsync(slug);
        var students = new List<ApplicationUser>();
        foreach (var (answer, note) in new[] { (LessonLanding.Helpful, "The two axes finally made sense."), (LessonLanding.Helpful, (string?)null), (LessonLanding.TooMuch, "Too close to home this week.") })
        {
            var (client, user) = await StudentAsync();
            await using (var db = app.Database.CreateContext())
            {
                await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, $"Quillon Marsh{students.Count}"));
            }
            await AnswerAsync(client, slug, answer, note);
            students.Add(user);
        }

        var instructor = await app.SignInNewUserAsync(Roles.Instructor);
        var (response, author) = await instructor.GetAsync("/author");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = author.DocumentElement.OuterHtml;
        foreach (var student in students)
        {
            Assert.DoesNotContain(student.Email!, html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(student.Id, html, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("Quillon", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" Marsh", html, StringComparison.Ordinal);

        var row = author.QuerySelector($".landing-lesson[data-lesson='{slug}']")!;
        Assert.Equal(before.Helpful + 2, Count(row, LessonLanding.Helpful));
        Assert.Equal(before.NotForMe, Count(row, LessonLanding.NotForMe));
        Assert.Equal(before.TooMuch + 1, Count(row, LessonLanding.TooMuch));
        var notes = row.QuerySelectorAll(".landing-notes li").Select(li => li.TextContent).ToList();
        Assert.Contains(notes, n => n.Contains("The two axes finally made sense.", StringComparison.Ordinal) && n.StartsWith("Helpful", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("Too close to home this week.", StringComparison.Ordinal) && n.StartsWith("Too much right now", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_drop_off_chart_counts_who_reached_opened_and_completed_each_lesson()
    {
        const string slug = "the-anxious-alarm";
        var instructor = await app.SignInNewUserAsync(Roles.Instructor);
        await app.WriteLeftOffAsync(); // earlier tests' views, so they cannot land between "before" and "after"
        var before = await ChartAsync(instructor, slug);

        // One student had it released but never opened it, one opened it, one completed it.
        var (_, released) = await StudentAsync();
        await using (var db = app.Database.CreateContext())
        {
            var lessonId = await db.Lessons.Where(l => l.Slug == slug).Select(l => l.Id).SingleAsync();
            var enrollment = await db.Enrollments.Where(e => e.UserId == released.Id).Select(e => e.Id).SingleAsync();
            db.LessonReleases.Add(new LessonRelease { EnrollmentId = enrollment, LessonId = lessonId, ReleasedAt = app.Clock.GetUtcNow(), EmailStatus = DripEmailStatus.Sent });
            await db.SaveChangesAsync();
        }
        var (opener, _) = await StudentAsync();
        await opener.GetAsync($"/learn/{slug}");
        var (completer, _) = await StudentAsync();
        var (_, lesson) = await completer.GetAsync($"/learn/{slug}");
        await completer.SubmitAsync(lesson, "form.complete-form", $"/learn/{slug}");
        await app.WriteLeftOffAsync(); // the report reads the table, which has the views within a second

        var after = await ChartAsync(instructor, slug);
        Assert.Equal(before.Students + 3, after.Students);
        Assert.Equal(before.Reached + 3, after.Reached);
        Assert.Equal(before.Opened + 2, after.Opened);
        Assert.Equal(before.Completed + 1, after.Completed);
        // The table says the same as the bars' text, and the bars are drawn to scale.
        Assert.Equal([after.Reached, after.Opened, after.Completed], after.TableRow);
        Assert.True(after.BarWidths[0] >= after.BarWidths[1] && after.BarWidths[1] >= after.BarWidths[2] && after.BarWidths[2] > 0, string.Join(",", after.BarWidths));
    }

    [Fact]
    public async Task The_chart_counts_the_ones_who_stopped_at_the_last_lesson_they_completed()
    {
        var instructor = await app.SignInNewUserAsync(Roles.Instructor);
        // Earlier tests' views written first, so they cannot move a student between "before" and "after".
        await app.WriteLeftOffAsync();
        var before = await StoppedAsync(instructor);
        var now = app.Clock.GetUtcNow();

        // Stopped: completed two lessons (the second one last), then nothing for three weeks.
        var (stopper, stopped) = await StudentAsync();
        await CompleteAsync(stopper, "what-attachment-is");
        await CompleteAsync(stopper, "welcome");
        // Not stopped: completed a lesson long ago but opened one yesterday.
        var (reader, reading) = await StudentAsync();
        await CompleteAsync(reader, "welcome");
        // Not stopped: as quiet, but she paused her course.
        var (pauser, paused) = await StudentAsync();
        await CompleteAsync(pauser, "welcome");
        // Stopped before completing anything: enrolled long ago, never opened a lesson.
        await StudentAsync();
        // Their views written first (as the app does within a second), so the times set below are the last word.
        await app.WriteLeftOffAsync();
        await using (var db = app.Database.CreateContext())
        {
            async Task Quiet(ApplicationUser user, DateTimeOffset viewed)
            {
                var enrollment = await db.Enrollments.Where(e => e.UserId == user.Id).Select(e => e.Id).SingleAsync();
                await db.LessonProgress.Where(p => p.EnrollmentId == enrollment && p.Lesson!.Slug == "what-attachment-is")
                    .ExecuteUpdateAsync(u => u.SetProperty(p => p.CompletedAt, now.AddDays(-22)).SetProperty(p => p.LastViewedAt, now.AddDays(-22)));
                await db.LessonProgress.Where(p => p.EnrollmentId == enrollment && p.Lesson!.Slug == "welcome")
                    .ExecuteUpdateAsync(u => u.SetProperty(p => p.CompletedAt, now.AddDays(-21)).SetProperty(p => p.LastViewedAt, viewed));
            }
            await Quiet(stopped, now.AddDays(-21));
            await Quiet(reading, now.AddDays(-1));
            await Quiet(paused, now.AddDays(-21));
            await db.Enrollments.Where(e => e.UserId == paused.Id).ExecuteUpdateAsync(u => u.SetProperty(e => e.PausedAt, now.AddDays(-15)));
        }

        var after = await StoppedAsync(instructor);
        Assert.Equal(before.Rows.GetValueOrDefault("welcome") + 1, after.Rows.GetValueOrDefault("welcome"));
        Assert.Equal(before.Rows.GetValueOrDefault("what-attachment-is"), after.Rows.GetValueOrDefault("what-attachment-is"));
        Assert.Equal(before.Rows.GetValueOrDefault("") + 1, after.Rows.GetValueOrDefault(""));
        Assert.Equal(before.Total + 2, after.Total);
        Assert.Equal(after.Total, after.Rows.Values.Sum());
        Assert.Contains("opened no lesson for 10 days", after.Rule, StringComparison.Ordinal);
    }

    private static async Task CompleteAsync(BrowserlessClient client, string slug)
    {
        var (_, lesson) = await client.GetAsync($"/learn/{slug}");
        await client.SubmitAsync(lesson, "form.complete-form", $"/learn/{slug}");
    }

    private sealed record StoppedChart(string Rule, int Total, Dictionary<string, int> Rows);

    private static async Task<StoppedChart> StoppedAsync(BrowserlessClient instructor)
    {
        var (_, author) = await instructor.GetAsync("/author");
        static int Leading(string text) => text.Trim().StartsWith("No ", StringComparison.Ordinal) ? 0 : int.Parse(text.Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        var rows = author.QuerySelectorAll(".stopped-row").ToDictionary(r => r.GetAttribute("data-lesson")!, r => Leading(r.QuerySelector(".stopped-count")!.TextContent));
        return new StoppedChart(author.QuerySelector("#stopped-rule")!.TextContent, Leading(author.QuerySelector(".stopped-total")!.TextContent), rows);
    }

    [Fact]
    public async Task Her_answers_are_in_her_data_export_and_are_deleted_with_her_account()
    {
        var (client, user) = await StudentAsync();
        await AnswerAsync(client, "welcome", LessonLanding.TooMuch, "not today");
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var personal = scope.ServiceProvider.GetRequiredService<Core.Accounts.PersonalDataService>();
        var me = (await users.FindByIdAsync(user.Id))!;

        using var json = JsonDocument.Parse(await personal.ExportAsync(me));
        var answer = Assert.Single(json.RootElement.GetProperty("LessonFeedback").EnumerateArray());
        Assert.Equal("Too much right now", answer.GetProperty("Answer").GetString());
        Assert.Equal("not today", answer.GetProperty("Note").GetString());

        Assert.True((await personal.DeleteAccountAsync(me)).Succeeded);
        await using var db = app.Database.CreateContext();
        Assert.False(await db.LessonFeedback.AnyAsync(f => f.UserId == user.Id));
    }

    private async Task<LandingCounts> ReportRowAsync(string slug)
    {
        using var scope = app.Services.CreateScope();
        var report = await scope.ServiceProvider.GetRequiredService<FeedbackService>().ReportAsync();
        return report.Lessons.Single(l => l.Slug == slug).Answers;
    }

    private static int Count(AngleSharp.Dom.IElement row, LessonLanding answer)
    {
        var text = row.QuerySelector($"[data-answer='{answer}']")!.TextContent;
        return int.Parse(text[(text.LastIndexOf(':') + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed record ChartRow(int Students, int Reached, int Opened, int Completed, int[] TableRow, double[] BarWidths);

    private static async Task<ChartRow> ChartAsync(BrowserlessClient instructor, string slug)
    {
        var (_, author) = await instructor.GetAsync("/author");
        var row = author.QuerySelector($".dropoff-row[data-lesson='{slug}']")!;
        static int Leading(string text) => int.Parse(text.Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        var intro = author.QuerySelector("#dropoff p.muted")!.TextContent;
        var students = int.Parse(System.Text.RegularExpressions.Regex.Match(intro, @"Of the (\d+) student").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var index = author.QuerySelectorAll(".dropoff-row").ToList().IndexOf(row);
        var cells = author.QuerySelectorAll(".dropoff-table tbody tr")[index].QuerySelectorAll("td").Select(td => int.Parse(td.TextContent, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var widths = row.QuerySelectorAll("svg.dropoff-bars rect").Select(r => double.Parse(r.GetAttribute("width")!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new ChartRow(students, Leading(row.QuerySelector(".reached")!.TextContent), Leading(row.QuerySelector(".opened")!.TextContent), Leading(row.QuerySelector(".completed")!.TextContent), cells, widths);
    }
}
