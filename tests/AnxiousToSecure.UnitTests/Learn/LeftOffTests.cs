using AnxiousToSecure.Core.Learn;

namespace AnxiousToSecure.UnitTests.Learn;

[Trait("Category", "Learn")]
public sealed class LeftOffTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);

    private static LessonProgress Viewed(int lessonId, TimeSpan ago) => new() { LessonId = lessonId, LastViewedAt = Now - ago };

    [Fact]
    public void The_first_lesson_she_opens_is_recorded() => Assert.True(LeftOff.NeedsRecording(1, [], Now));

    [Fact]
    public void Her_latest_lesson_opened_again_within_the_hour_is_not_recorded_again() =>
        Assert.False(LeftOff.NeedsRecording(2, [Viewed(1, TimeSpan.FromHours(3)), Viewed(2, TimeSpan.FromMinutes(59))], Now));

    [Fact]
    public void Her_latest_lesson_is_recorded_again_once_the_hour_has_passed() =>
        Assert.True(LeftOff.NeedsRecording(2, [Viewed(1, TimeSpan.FromHours(3)), Viewed(2, TimeSpan.FromMinutes(61))], Now));

    [Fact]
    public void Going_back_to_an_earlier_lesson_is_recorded_at_once_so_it_becomes_her_latest() =>
        Assert.True(LeftOff.NeedsRecording(1, [Viewed(1, TimeSpan.FromMinutes(5)), Viewed(2, TimeSpan.FromMinutes(1))], Now));
}
