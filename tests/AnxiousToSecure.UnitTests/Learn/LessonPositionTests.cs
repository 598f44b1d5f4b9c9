using AnxiousToSecure.Core.Catalog;

namespace AnxiousToSecure.UnitTests.Learn;

/// <summary>"Module 2 · Lesson 3 of 26": counted over what students can read, the published outline only.</summary>
[Trait("Category", "Learn")]
public sealed class LessonPositionTests
{
    private static readonly Course TheCourse = new() { Id = 1, Slug = "c", Title = "C" };

    private static Lesson Lesson(int id, int module, int position, bool published = true) =>
        new() { Id = id, ModuleId = module, CourseId = 1, Slug = $"l{id}", Title = $"L{id}", Position = position, Published = published, BodyMarkdown = "", Practice = "" };

    // A module of drafts only sits between the two that have published lessons, and a draft sits inside the first.
    private static readonly CourseContent Content = CourseContent.Compose(
        TheCourse,
        "",
        [new Module { Id = 30, Slug = "b", Title = "B", Position = 3 }, new Module { Id = 10, Slug = "a", Title = "A", Position = 1 }, new Module { Id = 20, Slug = "drafts", Title = "Drafts", Position = 2 }],
        [Lesson(4, 30, 2), Lesson(3, 30, 1), Lesson(2, 10, 1, published: false), Lesson(1, 10, 2), Lesson(5, 20, 1, published: false)],
        [],
        l => new LessonHtml("", ""));

    [Theory]
    [InlineData("l1", "Module 1 · Lesson 1 of 3")]
    [InlineData("l3", "Module 2 · Lesson 2 of 3")]
    [InlineData("l4", "Module 2 · Lesson 3 of 3")]
    public void Modules_and_lessons_are_numbered_in_reading_order_skipping_drafts(string slug, string expected) =>
        Assert.Equal(expected, Content.PositionOf(slug)?.ToString());

    [Theory]
    [InlineData("l2")]
    [InlineData("l5")]
    [InlineData("no-such-lesson")]
    public void A_draft_or_unknown_lesson_has_no_position(string slug) => Assert.Null(Content.PositionOf(slug));
}
