using System.Collections.Concurrent;
using AnxiousToSecure.Core.Feedback;

namespace AnxiousToSecure.Core.Learn;

/// <summary>
/// What is hers (<see cref="HerCourse"/>), kept in memory on this instance so a page she reads again is
/// answered without a round trip to PostgreSQL. It is only ever a copy of what the database says now:
/// <list type="bullet">
/// <item>Every change to her rows, from any instance, job or tool, makes the database notify
/// (<see cref="LearnSql.HerStateChannel"/>, triggers on her tables); the notification drops her entry, or for a
/// "where she left off" update sets the new time in it (<see cref="Apply"/>).</item>
/// <item>A write through this instance's context drops every entry at once (<see cref="LocalWrite"/>, from
/// <see cref="HerStateWrites"/>), so whatever reads next on this instance, even before the notification is
/// back, reads the database.</item>
/// <item>Nothing is served or kept while the listening connection is down (<see cref="Listening"/>):
/// notifications sent meanwhile are lost, so every entry is dropped and the database read every time.</item>
/// <item>A read that raced a change is not kept: each entry is stored only if neither her generation
/// nor the instance's epoch moved while it was read.</item>
/// </list>
/// Keyed by her user id, so no student can ever be served another's state; a bounded number of
/// students is kept (the least recently filled beyond it are dropped).
/// </summary>
public sealed class HerStateCache(TimeProvider time)
{
    /// <summary>How many students' state is kept at most; beyond that the oldest entries go.</summary>
    public const int MaxStudents = 20_000;

    /// <summary>An entry is read again from the database at least this often, whatever happened.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private const int Stripes = 1024;
    private readonly long[] generations = new long[Stripes];
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private long epoch;
    private int listening;
    private long hits;
    private long misses;

    /// <summary>Her state without the parts of one lesson, and those parts per lesson read so far.</summary>
    private sealed record Entry(HerCourse Base, IReadOnlyDictionary<int, LessonPart> Lessons, long Generation, long Epoch, DateTimeOffset FilledAt);

    private sealed record LessonPart(JournalCiphertext? Journal, HerFeedback? Feedback);

    /// <summary>What a read saw before it went to the database; passed back to <see cref="Keep"/>.</summary>
    public readonly record struct Ticket(long Generation, long Epoch, bool Usable);

    public long Hits => Interlocked.Read(ref hits);

    public long Misses => Interlocked.Read(ref misses);

    public int Count => entries.Count;

    /// <summary>True while the listener's connection is up: only then is anything served from here.</summary>
    public bool Listening
    {
        get => Volatile.Read(ref listening) == 1;
        set
        {
            Interlocked.Exchange(ref listening, value ? 1 : 0);
            DropAll();
        }
    }

    /// <summary>Her state for this lesson (or for the course pages when <paramref name="lessonId"/> is null), or null: read the database.</summary>
    public HerCourse? Find(string userId, int? lessonId, out Ticket ticket)
    {
        var usable = Listening;
        ticket = new Ticket(Volatile.Read(ref generations[Stripe(userId)]), Interlocked.Read(ref epoch), usable);
        if (usable && entries.TryGetValue(userId, out var entry) && entry.Epoch == ticket.Epoch && time.GetUtcNow() - entry.FilledAt < MaxAge)
        {
            if (lessonId is not { } id)
            {
                Interlocked.Increment(ref hits);
                return entry.Base;
            }
            if (entry.Lessons.TryGetValue(id, out var part))
            {
                Interlocked.Increment(ref hits);
                return entry.Base with { Journal = part.Journal, Feedback = part.Feedback };
            }
        }
        Interlocked.Increment(ref misses);
        return null;
    }

    /// <summary>Keeps what the database answered, unless something of hers (or anything on this instance) changed since <paramref name="ticket"/>.</summary>
    public void Keep(string userId, int? lessonId, HerCourse her, Ticket ticket)
    {
        if (!ticket.Usable || !Listening) return;
        if (entries.Count >= MaxStudents) TrimOldest();
        var basePart = her with { Journal = null, Feedback = null };
        // An entry filled at the same generation and epoch saw the same state: it gains this lesson's part.
        entries.AddOrUpdate(userId,
            _ => new Entry(basePart, Lessons(null, lessonId, her), ticket.Generation, ticket.Epoch, time.GetUtcNow()),
            (_, old) => old.Epoch == ticket.Epoch && old.Generation == ticket.Generation
                ? old with { Lessons = Lessons(old.Lessons, lessonId, her) }
                : new Entry(basePart, Lessons(null, lessonId, her), ticket.Generation, ticket.Epoch, time.GetUtcNow()));
        // Checked after storing: a change that arrived during the read removes what was just stored.
        if (Volatile.Read(ref generations[Stripe(userId)]) != ticket.Generation || Interlocked.Read(ref epoch) != ticket.Epoch)
        {
            entries.TryRemove(userId, out _);
        }
    }

    private static IReadOnlyDictionary<int, LessonPart> Lessons(IReadOnlyDictionary<int, LessonPart>? old, int? lessonId, HerCourse her)
    {
        if (lessonId is not { } id) return old ?? new Dictionary<int, LessonPart>();
        var lessons = old is null ? new Dictionary<int, LessonPart>() : new Dictionary<int, LessonPart>(old);
        lessons[id] = new LessonPart(her.Journal, her.Feedback);
        return lessons;
    }

    /// <summary>Something of hers changed (a notification, or her own request wrote): her entry goes.</summary>
    public void Drop(string userId)
    {
        Interlocked.Increment(ref generations[Stripe(userId)]);
        entries.TryRemove(userId, out _);
    }

    /// <summary>
    /// This instance wrote to her tables without saying whose: every entry is read again. (The notification
    /// that follows the commit names her; this covers the moment before it arrives.)
    /// </summary>
    public void LocalWrite() => DropAll();

    /// <summary>
    /// "Where she left off" moved to <paramref name="lessonId"/> at <paramref name="viewedAt"/>: her entry is
    /// updated in place rather than dropped, since opening a lesson changes nothing else of hers.
    /// </summary>
    public void SetViewed(string userId, int lessonId, DateTimeOffset viewedAt)
    {
        var generation = Interlocked.Increment(ref generations[Stripe(userId)]);
        if (!entries.TryGetValue(userId, out var entry)) return;
        var her = entry.Base;
        if (her.Enrollment is not { } enrollment)
        {
            entries.TryRemove(userId, out _);
            return;
        }
        var progress = new Dictionary<int, LessonProgress>(her.Progress);
        progress[lessonId] = progress.TryGetValue(lessonId, out var p)
            ? new LessonProgress { EnrollmentId = p.EnrollmentId, LessonId = lessonId, CompletedAt = p.CompletedAt, LastViewedAt = viewedAt, AudioPositionSeconds = p.AudioPositionSeconds }
            : new LessonProgress { EnrollmentId = enrollment.Id, LessonId = lessonId, LastViewedAt = viewedAt };
        // Lost to another change meanwhile: then the entry cannot be trusted either way.
        if (!entries.TryUpdate(userId, entry with { Base = her with { Progress = progress }, Generation = generation }, entry)) entries.TryRemove(userId, out _);
    }

    /// <summary>
    /// A notification on <see cref="LearnSql.HerStateChannel"/>: <c>U|userId</c> (something of hers changed) or
    /// <c>V|lessonId|unix microseconds|userId</c> (only "where she left off" moved). Anything else drops everything.
    /// </summary>
    public void Apply(string payload)
    {
        var parts = payload.Split('|', 4);
        if (parts is ["U", var user] && user.Length > 0)
        {
            Drop(user);
        }
        else if (parts is ["V", var lesson, var micros, var viewer] && int.TryParse(lesson, out var lessonId) && long.TryParse(micros, out var us))
        {
            SetViewed(viewer, lessonId, DateTimeOffset.UnixEpoch.AddTicks(us * 10));
        }
        else
        {
            DropAll();
        }
    }

    private void DropAll()
    {
        Interlocked.Increment(ref epoch);
        entries.Clear();
    }

    private void TrimOldest()
    {
        foreach (var old in entries.OrderBy(e => e.Value.FilledAt).Take(MaxStudents / 10).ToList()) entries.TryRemove(old.Key, out _);
    }

    private static int Stripe(string userId) => (int)((uint)StringComparer.Ordinal.GetHashCode(userId) % Stripes);
}
