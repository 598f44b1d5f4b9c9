namespace AnxiousToSecure.Core.Catalog;

/// <summary>The course's weeks, the one way the sales page, the outline and the schedule count them.</summary>
public static class CourseWeeks
{
    /// <summary>The week of the course in which a lesson opens: days 0-6 are week 1, day 56 is week 9.</summary>
    public static int Of(int releaseAfterDays) => Math.Max(0, releaseAfterDays) / 7 + 1;

    /// <summary>How many weeks the lessons open over: the week of the last one, so the span and the last "Week N" label agree.</summary>
    public static int Span(IEnumerable<int> releaseDays) => releaseDays.Select(Of).DefaultIfEmpty(1).Max();
}
