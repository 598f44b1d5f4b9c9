namespace AnxiousToSecure.Core.Learn;

/// <summary>
/// "Where she left off" without a write on every view: opening a lesson is recorded only when it
/// changes which lesson is her latest-viewed one, or when this lesson's time was recorded more than
/// <see cref="Refresh"/> ago. Reading the same lesson again and again writes at most once an hour.
/// </summary>
public static class LeftOff
{
    public static readonly TimeSpan Refresh = TimeSpan.FromHours(1);

    public static bool NeedsRecording(int lessonId, IEnumerable<LessonProgress> progress, DateTimeOffset now)
    {
        var latest = progress.MaxBy(p => p.LastViewedAt);
        return latest is null || latest.LessonId != lessonId || now - latest.LastViewedAt > Refresh;
    }
}
