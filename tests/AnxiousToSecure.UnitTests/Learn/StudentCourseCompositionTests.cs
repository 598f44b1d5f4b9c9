using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Learn;

namespace AnxiousToSecure.UnitTests.Learn;

/// <summary>The student's view composed from the shared snapshot and her own rows.</summary>
[Trait("Category", "Learn")]
public sealed class StudentCourseCompositionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private static readonly Course TheCourse = new() { Id = 1, Slug = "c", Title = "C", MorningUnlockHour = 8 };

    private static Lesson Lesson(int id, int module, int position, int day, bool published = true) =>
        new() { Id = id, ModuleId = module, CourseId = 1, Slug = $"l{id}", Title = $"L{id}", Position = position, ReleaseAfterDays = day, Published = published, BodyMarkdown = $"body {id}", Practice = $"practice {id}" };

    private static CourseContent Content() => CourseContent.Compose(
        TheCourse,
        "<p>about</p>",
        [new Module { Id = 20, Slug = "b", Title = "B", Position = 2 }, new Module { Id = 10, Slug = "a", Title = "A", Position = 1 }, new Module { Id = 30, Slug = "empty", Title = "Empty", Position = 3 }],
        [Lesson(3, 20, 1, 30), Lesson(2, 10, 2, 2), Lesson(1, 10, 1, 0), Lesson(4, 30, 1, 0, published: false)],
        [new LessonAttachment { Id = Guid.NewGuid(), LessonId = 1, FileName = "z.pdf", ContentType = "application/pdf", Size = 10, Content = [] },
         new LessonAttachment { Id = Guid.NewGuid(), LessonId = 1, FileName = "a.pdf", ContentType = "application/pdf", Size = 20, Content = [] }],
        l => new LessonHtml($"<p>{l.BodyMarkdown}</p>", l.Practice));

    private static Enrollment Enrolled(int daysAgo, EnrollmentStatus status = EnrollmentStatus.Active) =>
        new() { Id = Guid.NewGuid(), UserId = "her", CourseId = 1, Status = status, StartedAt = Now.AddDays(-daysAgo) };

    private static HerCourse Her(Enrollment enrollment, IEnumerable<LessonProgress>? progress = null, IEnumerable<int>? released = null) =>
        new(enrollment, null, (progress ?? []).ToDictionary(p => p.LessonId), (released ?? []).ToHashSet(), null);

    private static Dictionary<string, LessonState> States(HerCourse her) =>
        StudentCourseComposition.Compose(Content(), her, TimeZoneInfo.Utc, Now).Lessons.ToDictionary(l => l.Slug, l => l.State);

    [Fact]
    public void The_snapshot_orders_modules_and_lessons_by_position_and_leaves_out_drafts_and_empty_modules()
    {
        var content = Content();
        Assert.Equal(["a", "b"], content.Modules.Select(m => m.Slug));
        Assert.Equal(["l1", "l2", "l3"], content.Lessons.Select(l => l.Slug));
        Assert.Null(content.Lesson("l4"));
        Assert.Equal(["a.pdf", "z.pdf"], content.Lesson("l1")!.Files.Select(f => f.FileName));
        Assert.Equal("<p>body 2</p>", content.Lesson("l2")!.Html.Body);
    }

    [Fact]
    public void Lessons_open_on_her_schedule_and_the_rest_stay_locked()
    {
        var states = States(Her(Enrolled(daysAgo: 3)));
        Assert.Equal(LessonState.Available, states["l1"]);
        Assert.Equal(LessonState.Available, states["l2"]);
        Assert.Equal(LessonState.Locked, states["l3"]);
    }

    [Fact]
    public void A_lesson_released_to_her_or_with_her_progress_stays_open_whatever_the_schedule_says()
    {
        var states = States(Her(Enrolled(daysAgo: 0), [new LessonProgress { LessonId = 2, LastViewedAt = Now }], released: [3]));
        Assert.Equal(LessonState.Available, states["l2"]);
        Assert.Equal(LessonState.Available, states["l3"]);
    }

    [Fact]
    public void Her_completed_lessons_show_as_completed()
    {
        var states = States(Her(Enrolled(daysAgo: 3), [new LessonProgress { LessonId = 1, LastViewedAt = Now, CompletedAt = Now }]));
        Assert.Equal(LessonState.Completed, states["l1"]);
    }

    [Fact]
    public void Without_an_active_enrollment_every_lesson_is_locked()
    {
        Assert.All(States(Her(Enrolled(daysAgo: 60, EnrollmentStatus.Refunded), [new LessonProgress { LessonId = 1, LastViewedAt = Now }], released: [1])).Values,
            s => Assert.Equal(LessonState.Locked, s));
        Assert.All(States(HerCourse.Nothing).Values, s => Assert.Equal(LessonState.Locked, s));
    }
}
