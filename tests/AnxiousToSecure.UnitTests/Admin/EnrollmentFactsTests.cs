using AnxiousToSecure.Core.Admin;
using AnxiousToSecure.Core.Learn;

namespace AnxiousToSecure.UnitTests.Admin;

[Trait("Category", "Admin")]
public sealed class EnrollmentFactsTests
{
    private static readonly DateTimeOffset Enrolled = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    private static EnrollmentSummary Summary(EnrollmentStatus status, DateTimeOffset? pausedAt = null, DateTimeOffset? startedAt = null) =>
        new(Guid.Empty, status, EnrollmentSource.Purchase, startedAt ?? Enrolled, Enrolled, Enrolled, pausedAt, 0, 0);

    [Theory]
    [InlineData(EnrollmentStatus.Active, false, CourseState.Running)]
    [InlineData(EnrollmentStatus.Active, true, CourseState.Paused)]
    [InlineData(EnrollmentStatus.Revoked, false, CourseState.Closed)]
    [InlineData(EnrollmentStatus.Refunded, false, CourseState.Closed)]
    [InlineData(EnrollmentStatus.Disputed, true, CourseState.Closed)]
    public void The_course_runs_only_while_the_enrollment_gives_access(EnrollmentStatus status, bool paused, CourseState expected)
    {
        Assert.Equal(expected, EnrollmentFacts.Course(Summary(status, paused ? Enrolled : null)));
        Assert.Equal(status == EnrollmentStatus.Active, Enrollment.GivesAccess(status));
    }

    [Fact]
    public void Every_closed_status_says_why()
    {
        foreach (var status in Enum.GetValues<EnrollmentStatus>().Where(s => !Enrollment.GivesAccess(s)))
        {
            // PaymentPaused reads "payment paused".
            var words = System.Text.RegularExpressions.Regex.Replace(status.ToString(), "(?<!^)([A-Z])", " $1").ToLowerInvariant();
            Assert.Contains(words, EnrollmentFacts.ClosedBecause(status));
        }
    }

    [Fact]
    public void A_start_set_before_the_enrollment_is_told_apart()
    {
        Assert.True(EnrollmentFacts.StartSetEarlier(Summary(EnrollmentStatus.Active, startedAt: Enrolled.AddDays(-3))));
        Assert.False(EnrollmentFacts.StartSetEarlier(Summary(EnrollmentStatus.Active)));
        Assert.False(EnrollmentFacts.StartSetEarlier(Summary(EnrollmentStatus.Active, startedAt: Enrolled.AddSeconds(-5))));
    }
}
