namespace AnxiousToSecure.Core.Catalog;

public static class CourseQueries
{
    /// <summary>
    /// The platform sells one course: the first one imported (lowest id). Every page, job and
    /// service that needs "the course" asks here, so a second imported course cannot make two
    /// places disagree about which one is sold.
    /// </summary>
    public static IQueryable<Course> TheCourse(this IQueryable<Course> courses) => courses.OrderBy(c => c.Id).Take(1);
}
