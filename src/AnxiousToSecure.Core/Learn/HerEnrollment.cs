using AnxiousToSecure.Core.Catalog;

namespace AnxiousToSecure.Core.Learn;

public static class HerEnrollment
{
    /// <summary>
    /// Her enrollment in a course: (user, course) is unique, so this is at most one row. Her pages,
    /// her record for the admin, her settings and every admin action on her find it this way.
    /// </summary>
    public static IQueryable<Enrollment> Hers(this IQueryable<Enrollment> enrollments, string userId, int courseId) =>
        enrollments.Where(e => e.UserId == userId && e.CourseId == courseId);

    /// <summary>Her enrollment in the one course the platform sells (<see cref="CourseQueries.TheCourse"/>), in the same query.</summary>
    public static IQueryable<Enrollment> Hers(this IQueryable<Enrollment> enrollments, string userId, IQueryable<Course> courses)
    {
        var theCourse = courses.TheCourse().Select(c => c.Id);
        return enrollments.Where(e => e.UserId == userId && theCourse.Contains(e.CourseId));
    }
}
