using AnxiousToSecure.Core.Author;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Journal;
using AnxiousToSecure.Core.Learn;

namespace AnxiousToSecure.UnitTests.Author;

[Trait("Category", "Author")]
public sealed class LessonReachTests
{
    private static readonly Enrollment Ana = new() { Id = Guid.NewGuid(), UserId = "ana" };
    private static readonly Enrollment Bea = new() { Id = Guid.NewGuid(), UserId = "bea" };

    private static IQueryable<LessonReacher> Reachers(LessonRelease[] releases, LessonProgress[] progress, JournalEntry[] journal) =>
        LessonReach.Reachers(releases.AsQueryable(), progress.AsQueryable(), journal.AsQueryable());

    private static LessonRelease Release(Enrollment e, int lesson) => new() { Enrollment = e, EnrollmentId = e.Id, LessonId = lesson };

    private static LessonProgress Progress(Enrollment e, int lesson) => new() { Enrollment = e, EnrollmentId = e.Id, LessonId = lesson };

    private static JournalEntry Entry(string userId, int lesson) => new() { UserId = userId, LessonId = lesson, Ciphertext = "x" };

    [Fact]
    public void A_release_progress_or_journal_entry_each_count_as_reaching_a_lesson()
    {
        Assert.Contains(new LessonReacher { LessonId = 1, UserId = "ana" }, Reachers([Release(Ana, 1)], [], []));
        Assert.Contains(new LessonReacher { LessonId = 1, UserId = "ana" }, Reachers([], [Progress(Ana, 1)], []));
        Assert.Contains(new LessonReacher { LessonId = 1, UserId = "ana" }, Reachers([], [], [Entry("ana", 1)]));
        Assert.Empty(Reachers([], [], []));
    }

    [Fact]
    public void A_student_is_counted_once_per_lesson_however_she_reached_it()
    {
        var reachers = Reachers(
            [Release(Ana, 1), Release(Bea, 1), Release(Ana, 2)],
            [Progress(Ana, 1), Progress(Bea, 3)],
            [Entry("ana", 1), Entry("ana", 2)]).ToList();
        var byLesson = reachers.GroupBy(r => r.LessonId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<int, int> { [1] = 2, [2] = 1, [3] = 1 }, byLesson);
    }
}
