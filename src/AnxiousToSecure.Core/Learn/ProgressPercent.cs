namespace AnxiousToSecure.Core.Learn;

public static class ProgressPercent
{
    /// <summary>
    /// Whole percent of lessons completed, rounded down (99% until the last one is done), 0 for a
    /// course with no lessons, and never above 100 (a count can briefly exceed the published lessons
    /// while a lesson is being unpublished).
    /// </summary>
    public static int Of(int completed, int total) => total <= 0 ? 0 : Math.Clamp(completed * 100 / total, 0, 100);
}
