using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.IntegrationTests.Settings;
using AnxiousToSecure.TestSupport.Drip;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Drip;

/// <summary>Lessons open, and their emails go out, at each student's own local morning.</summary>
[Trait("Category", "Drip")]
public sealed class DripScheduleTests : DripHarness
{
    [Fact]
    public async Task A_Denver_student_gets_the_welcome_at_once_and_each_lesson_at_8am_local_across_the_DST_change()
    {
        // 2026-03-02 15:00Z is 08:00 MST; US clocks spring forward on Sunday 8 March.
        var change = new DateTimeOffset(2026, 3, 8, 9, 0, 0, TimeSpan.Zero);
        var (second, third) = (Lessons[1], Lessons[2]);
        Assert.True(MorningOf(second.ReleaseAfterDays, "America/Denver") < change && MorningOf(third.ReleaseAfterDays, "America/Denver") > change,
            $"this test needs the second lesson (day {second.ReleaseAfterDays}) before 8 March and the third (day {third.ReleaseAfterDays}) after it");
        var student = await EnrolledAsync("America/Denver");
        await SweepAsync();
        var welcome = Assert.Single(MailTo(student));
        Assert.Equal([LessonOnDay(0).Slug], LinkedSlugs(welcome));

        var beforeChange = MorningOf(second.ReleaseAfterDays, "America/Denver");
        Assert.Equal(15, beforeChange.Hour); // 08:00 MST
        At(beforeChange.AddMinutes(-1));
        await SweepAsync();
        Assert.Single(MailTo(student));
        At(beforeChange);
        await SweepAsync();
        Assert.Equal([second.Slug], LinkedSlugs(MailTo(student)[^1]));

        // After the change 08:00 MDT is 14:00Z, an hour earlier in UTC.
        var afterChange = MorningOf(third.ReleaseAfterDays, "America/Denver");
        Assert.Equal(14, afterChange.Hour);
        At(afterChange.AddMinutes(-1));
        await SweepAsync();
        Assert.Equal(2, MailTo(student).Count);
        At(afterChange);
        await SweepAsync();
        Assert.Equal(3, MailTo(student).Count);
        Assert.Equal([third.Slug], LinkedSlugs(MailTo(student)[^1]));
    }

    [Fact]
    public async Task A_Tokyo_student_gets_lessons_at_8am_Tokyo_time()
    {
        // 15:00Z on 2 March is midnight in Tokyo, so her first day is 3 March and day N is 3 March + N.
        var student = await EnrolledAsync("Asia/Tokyo");
        await SweepAsync();
        Assert.Single(MailTo(student));

        var morning = new DateTimeOffset(2026, 3, 3, 8, 0, 0, TimeSpan.FromHours(9)).AddDays(SecondLesson.ReleaseAfterDays).ToUniversalTime();
        Assert.Equal(morning, MorningOf(SecondLesson.ReleaseAfterDays, "Asia/Tokyo"));
        At(morning.AddMinutes(-1)); // 07:59 JST
        await SweepAsync();
        Assert.Single(MailTo(student));
        At(morning); // 08:00 JST
        await SweepAsync();
        Assert.Equal([SecondLesson.Slug], LinkedSlugs(MailTo(student)[^1]));
        var release = (await ReleasesOfAsync(student)).Single(r => r.Lesson!.Slug == SecondLesson.Slug);
        Assert.Equal(morning, release.ReleasedAt);
    }

    [Fact]
    public async Task Pausing_holds_new_lessons_and_resuming_moves_the_rest_of_the_schedule_by_the_days_paused()
    {
        var student = await EnrolledAsync("Europe/London");
        await SweepAsync();

        using (var scope = App.Services.CreateScope())
        {
            At(new DateTimeOffset(2026, 3, 3, 10, 0, 0, TimeSpan.Zero));
            await Service<ReminderSettingsService>(scope).PauseAsync(student.Id);
        }
        var usual = MorningOf(SecondLesson.ReleaseAfterDays, "Europe/London");
        At(usual); // the second lesson's usual morning
        await SweepAsync();
        Assert.Single(MailTo(student));
        using (var scope = App.Services.CreateScope())
        {
            var view = await Service<StudentCourseService>(scope).GetForStudentAsync(student.Id);
            Assert.Equal(LessonState.Locked, view!.Lessons.Single(l => l.Slug == SecondLesson.Slug).State);
            Assert.True(view.IsPaused);
        }

        using (var scope = App.Services.CreateScope())
        {
            At(new DateTimeOffset(2026, 3, 6, 10, 0, 0, TimeSpan.Zero)); // three calendar days later
            await Service<ReminderSettingsService>(scope).ResumeAsync(student.Id);
        }
        Assert.Equal(3, (await EnrollmentOfAsync(student)).PausedDays);
        await SweepAsync();
        Assert.Single(MailTo(student));

        var moved = MorningOf(SecondLesson.ReleaseAfterDays + 3, "Europe/London"); // its day + 3 paused days
        At(moved.AddMinutes(-1));
        await SweepAsync();
        Assert.Single(MailTo(student));
        At(moved);
        await SweepAsync();
        Assert.Equal([SecondLesson.Slug], LinkedSlugs(MailTo(student)[^1]));
    }

    [Fact]
    public async Task A_lesson_that_has_opened_stays_open_when_the_instructor_moves_it_later()
    {
        var early = await EnrolledAsync("Europe/London");
        At(MorningOf(SecondLesson.ReleaseAfterDays, "Europe/London"));
        await SweepAsync();
        var late = await EnrolledAsync("Europe/London");

        await using (var db = App.Database.CreateContext())
        {
            await db.Lessons.Where(l => l.Slug == SecondLesson.Slug).ExecuteUpdateAsync(s => s.SetProperty(l => l.ReleaseAfterDays, 20));
        }

        using var scope = App.Services.CreateScope();
        var courses = Service<StudentCourseService>(scope);
        var kept = (await courses.GetForStudentAsync(early.Id))!.Lessons.Single(l => l.Slug == SecondLesson.Slug);
        Assert.Equal(LessonState.Available, kept.State);
        Assert.True((await courses.GetLessonAsync(early.Id, SecondLesson.Slug)).Granted);

        var moved = (await courses.GetForStudentAsync(late.Id))!.Lessons.Single(l => l.Slug == SecondLesson.Slug);
        Assert.Equal(LessonState.Locked, moved.State);
        Assert.Equal(MorningOf(20, "Europe/London", startedAt: Now), moved.UnlocksAt);
    }

    [Fact]
    public async Task Several_lessons_due_together_arrive_as_one_email()
    {
        var student = await EnrolledAsync("Europe/London", Now.AddDays(-7));
        var result = await SweepAsync();

        var due = Lessons.Where(l => l.ReleaseAfterDays <= 7).Select(l => l.Slug).ToList();
        Assert.True(due.Count >= 2, "the first week opens more than the welcome");
        Assert.Equal(due.Count, result.Released);
        var digest = Assert.Single(MailTo(student));
        Assert.Equal("Welcome: your course is open", digest.Subject); // the day-0 lesson makes it her welcome
        Assert.Equal(due, LinkedSlugs(digest));
        Assert.All(await ReleasesOfAsync(student), r => Assert.Equal(DripEmailStatus.Sent, r.EmailStatus));
    }

    [Fact]
    public async Task A_second_lesson_on_the_same_day_waits_for_the_next_morning()
    {
        var student = await EnrolledAsync("Europe/London");
        await SweepAsync();
        Assert.Single(MailTo(student));

        // The instructor makes the second lesson a day-0 lesson: it opens now, but she has had her email today.
        await using (var db = App.Database.CreateContext())
        {
            await db.Lessons.Where(l => l.Slug == SecondLesson.Slug).ExecuteUpdateAsync(s => s.SetProperty(l => l.ReleaseAfterDays, 0));
            await db.Enrollments.ExecuteUpdateAsync(s => s.SetProperty(e => e.NextReleaseCheckAt, Now));
        }
        var result = await SweepAsync();
        Assert.Equal(1, result.Released);
        Assert.Single(MailTo(student));

        At(new DateTimeOffset(2026, 3, 3, 7, 59, 0, TimeSpan.Zero));
        await SweepAsync();
        Assert.Single(MailTo(student));
        At(new DateTimeOffset(2026, 3, 3, 8, 0, 0, TimeSpan.Zero));
        await SweepAsync();
        Assert.Equal([SecondLesson.Slug], LinkedSlugs(MailTo(student)[^1]));
    }

    [Fact]
    public async Task A_revoked_enrollment_gets_no_email_and_its_pending_email_is_cancelled()
    {
        var student = await EnrolledAsync("Europe/London");
        await App.Services.GetRequiredService<DripSweeper>().ReleaseDueAsync();
        var pending = Assert.Single(await ReleasesOfAsync(student));
        Assert.Equal(DripEmailStatus.Pending, pending.EmailStatus);

        using (var scope = App.Services.CreateScope())
        {
            await Service<EnrollmentService>(scope).SetStatusAsync((await EnrollmentOfAsync(student)).Id, EnrollmentStatus.Revoked);
        }
        Assert.Equal(DripEmailStatus.Cancelled, Assert.Single(await ReleasesOfAsync(student)).EmailStatus);

        At(Now.AddDays(10));
        var result = await SweepAsync();
        Assert.Empty(MailTo(student));
        Assert.Equal(0, result.Released);
        Assert.Single(await ReleasesOfAsync(student));
    }

    [Fact]
    public async Task The_dashboard_lists_the_next_unlocks_in_the_students_local_time()
    {
        var (client, _) = await App.SignInNewStudentAsync(Now, "America/Denver");
        var (_, page) = await client.GetAsync("/learn");
        var upcoming = page.QuerySelector("#upcoming-heading")!.ParentElement!.TextContent;
        Assert.Contains(SecondLesson.Title, upcoming);
        var opens = TimeZoneInfo.ConvertTime(MorningOf(SecondLesson.ReleaseAfterDays, "America/Denver"), TimeZoneInfo.FindSystemTimeZoneById("America/Denver"));
        Assert.Contains(opens.ToString("dddd d MMMM", System.Globalization.CultureInfo.InvariantCulture) + ", 8:00 am", upcoming); // "Thursday 5 March, 8:00 am"
        Assert.Contains("America/Denver", upcoming);
    }
}
