using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Feedback;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Toolkit;

namespace AnxiousToSecure.UnitTests.Feedback;

/// <summary>What "Too much right now" offers, and what her toolkit page lists: rules over her view of the course, no database.</summary>
[Trait("Category", "Feedback")]
public sealed class GroundingOfferTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private static readonly Course TheCourse = new() { Id = 1, Slug = "c", Title = "C", MorningUnlockHour = 8 };

    private static Lesson Lesson(int id, int module, int position, int day) =>
        new() { Id = id, ModuleId = module, CourseId = 1, Slug = $"l{id}", Title = $"L{id}", Position = position, ReleaseAfterDays = day, Published = true, Practice = $"practice {id}" };

    /// <summary>l1 (day 0) and l2 (day 2) in module A, l3 (day 30) in module B; she started <paramref name="daysAgo"/> days ago.</summary>
    private static StudentCourse View(int daysAgo, params int[] toolkit)
    {
        var content = CourseContent.Compose(TheCourse, "",
            [new Module { Id = 10, Slug = "a", Title = "A", Position = 1 }, new Module { Id = 20, Slug = "b", Title = "B", Position = 2 }],
            [Lesson(1, 10, 1, 0), Lesson(2, 10, 2, 2), Lesson(3, 20, 1, 30)], [], l => new LessonHtml("", l.Practice));
        var enrollment = new Enrollment { Id = Guid.NewGuid(), UserId = "her", CourseId = 1, Status = EnrollmentStatus.Active, StartedAt = Now.AddDays(-daysAgo) };
        var her = new HerCourse(enrollment, null, new Dictionary<int, LessonProgress>(), new HashSet<int>(), null) { Toolkit = toolkit };
        return StudentCourseComposition.Compose(content, her, TimeZoneInfo.Utc, Now);
    }

    [Fact]
    public void Her_newest_saved_practice_other_than_this_lessons_comes_first()
    {
        var offer = FeedbackService.Grounding(View(40, toolkit: [2, 1]), "l1", groundingSlug: "l3")!;
        Assert.Equal(("l2", true, true), (offer.Slug, offer.FromToolkit, offer.CanOpen));
        Assert.Equal("l1", FeedbackService.Grounding(View(40, toolkit: [2, 1]), "l2", "l3")!.Slug);
    }

    [Fact]
    public void With_nothing_else_saved_the_grounding_lesson_is_offered_and_linked_only_once_open()
    {
        var early = FeedbackService.Grounding(View(1, toolkit: [1]), "l1", "l3")!;
        Assert.Equal(("l3", false, false, "practice 3"), (early.Slug, early.FromToolkit, early.CanOpen, early.PracticeHtml));
        Assert.True(FeedbackService.Grounding(View(40), "l1", "l3")!.CanOpen);
    }

    [Fact]
    public void On_the_grounding_lesson_itself_or_without_one_nothing_is_offered()
    {
        Assert.Null(FeedbackService.Grounding(View(40), "l3", "l3"));
        Assert.Null(FeedbackService.Grounding(View(40), "l1", null));
        Assert.Null(FeedbackService.Grounding(View(40), "l1", "not-a-lesson"));
    }

    [Fact]
    public void A_saved_practice_of_a_lesson_not_yet_open_is_neither_offered_nor_listed()
    {
        var view = View(1, toolkit: [3, 1]);
        Assert.Equal("l1", FeedbackService.Grounding(view, "l2", null)!.Slug);
        var groups = ToolkitService.Groups(view);
        Assert.Equal(["A"], groups.Select(g => g.Kind));
        Assert.Equal(["l1"], groups.Single().Practices.Select(p => p.LessonSlug));
    }
}
