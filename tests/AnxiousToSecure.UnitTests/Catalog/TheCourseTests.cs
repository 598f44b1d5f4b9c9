using AnxiousToSecure.Core.Catalog;

namespace AnxiousToSecure.UnitTests.Catalog;

[Trait("Category", "Catalog")]
public sealed class TheCourseTests
{
    private static Course Course(int id) => new() { Id = id, Slug = $"c{id}", Title = $"Course {id}" };

    [Fact]
    public void The_course_is_the_first_one_imported_whatever_order_the_rows_come_in()
    {
        var courses = new[] { Course(7), Course(2), Course(5) }.AsQueryable();
        Assert.Equal(2, Assert.Single(courses.TheCourse()).Id);
    }

    [Fact]
    public void Without_a_course_there_is_none() => Assert.Empty(Array.Empty<Course>().AsQueryable().TheCourse());
}
