using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Learn;

namespace AnxiousToSecure.UnitTests.Learn;

[Trait("Category", "Learn")]
public sealed class HerEnrollmentTests
{
    private static Enrollment Enrollment(string userId, int courseId, int createdDay) =>
        new() { Id = Guid.NewGuid(), UserId = userId, CourseId = courseId, CreatedAt = new DateTimeOffset(2026, 1, createdDay, 0, 0, 0, TimeSpan.Zero) };

    private static readonly Enrollment[] Rows =
    [
        Enrollment("ana", 2, 1), // an older enrollment in a course that is not the one sold
        Enrollment("ana", 1, 5),
        Enrollment("bea", 1, 2),
    ];

    private static readonly IQueryable<Course> Courses =
        new[] { new Course { Id = 2, Slug = "later", Title = "Later" }, new Course { Id = 1, Slug = "first", Title = "First" } }.AsQueryable();

    [Fact]
    public void Her_enrollment_is_hers_in_the_one_course_not_her_oldest()
    {
        var hers = Assert.Single(Rows.AsQueryable().Hers("ana", Courses));
        Assert.Equal(("ana", 1), (hers.UserId, hers.CourseId));
    }

    [Fact]
    public void Her_enrollment_in_a_given_course_is_never_someone_elses()
    {
        Assert.Equal("bea", Assert.Single(Rows.AsQueryable().Hers("bea", 1)).UserId);
        Assert.Empty(Rows.AsQueryable().Hers("bea", 2));
        Assert.Empty(Rows.AsQueryable().Hers("cat", Courses));
    }
}
