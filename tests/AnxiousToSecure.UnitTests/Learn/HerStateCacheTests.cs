using AnxiousToSecure.Core.Learn;
using Microsoft.Extensions.Time.Testing;

namespace AnxiousToSecure.UnitTests.Learn;

public sealed class HerStateCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider clock = new(Now);
    private readonly HerStateCache cache;

    public HerStateCacheTests() => cache = new HerStateCache(clock) { Listening = true };

    private static HerCourse Hers(string marker, int? journalLesson = null)
    {
        var enrollment = new Enrollment { Id = Guid.NewGuid(), UserId = marker, Status = EnrollmentStatus.Active, StartedAt = Now, CreatedAt = Now };
        return HerCourse.Nothing with
        {
            Enrollment = enrollment,
            TimeZone = marker,
            Journal = journalLesson is { } l ? new JournalCiphertext(Guid.NewGuid(), $"cipher-{marker}-{l}", Now) : null,
        };
    }

    private HerCourse Fill(string user, int? lesson, HerCourse? her = null)
    {
        Assert.Null(cache.Find(user, lesson, out var ticket));
        her ??= Hers(user, lesson);
        cache.Keep(user, lesson, her, ticket);
        return her;
    }

    [Fact]
    public void What_was_read_for_her_is_served_to_her_and_to_nobody_else()
    {
        Fill("ann", null);
        Assert.Equal("ann", cache.Find("ann", null, out _)?.TimeZone);
        Assert.Null(cache.Find("bea", null, out _));
    }

    [Fact]
    public void A_lesson_is_served_with_its_own_journal_entry_and_another_lesson_is_read_first()
    {
        Fill("ann", 1);
        Assert.Equal("cipher-ann-1", cache.Find("ann", 1, out _)?.Journal?.Ciphertext);
        Assert.Null(cache.Find("ann", 2, out var ticket));
        cache.Keep("ann", 2, Hers("ann", 2), ticket);
        Assert.Equal("cipher-ann-1", cache.Find("ann", 1, out _)?.Journal?.Ciphertext);
        Assert.Equal("cipher-ann-2", cache.Find("ann", 2, out _)?.Journal?.Ciphertext);
        // The course pages need no lesson's part.
        Assert.Null(cache.Find("ann", null, out _)?.Journal);
    }

    [Fact]
    public void Nothing_is_served_or_kept_while_the_listener_is_away_and_it_starts_empty_when_back()
    {
        Fill("ann", null);
        cache.Listening = false;
        Assert.Null(cache.Find("ann", null, out var ticket));
        cache.Keep("ann", null, Hers("ann"), ticket);
        Assert.Null(cache.Find("ann", null, out _));
        cache.Listening = true;
        Assert.Null(cache.Find("ann", null, out _));
    }

    [Fact]
    public void A_change_of_hers_during_the_read_means_the_answer_is_not_kept()
    {
        Assert.Null(cache.Find("ann", null, out var ticket));
        cache.Apply("U|ann");
        cache.Keep("ann", null, Hers("ann"), ticket);
        Assert.Null(cache.Find("ann", null, out _));
    }

    [Fact]
    public void A_write_through_this_instance_during_the_read_means_the_answer_is_not_kept()
    {
        Assert.Null(cache.Find("ann", null, out var ticket));
        cache.LocalWrite();
        cache.Keep("ann", null, Hers("ann"), ticket);
        Assert.Null(cache.Find("ann", null, out _));
    }

    [Fact]
    public void A_notification_drops_only_her_and_a_local_write_drops_everyone()
    {
        Fill("ann", null);
        Fill("bea", null);
        cache.Apply("U|ann");
        Assert.Null(cache.Find("ann", null, out _));
        Assert.NotNull(cache.Find("bea", null, out _));
        cache.LocalWrite();
        Assert.Null(cache.Find("bea", null, out _));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("")]
    [InlineData("U|")]
    [InlineData("V|x|1|ann")]
    public void A_notification_it_cannot_read_drops_everyone(string payload)
    {
        Fill("ann", null);
        Fill("bea", null);
        cache.Apply(payload);
        Assert.Null(cache.Find("ann", null, out _));
        Assert.Null(cache.Find("bea", null, out _));
    }

    [Fact]
    public void Where_she_left_off_is_updated_in_place_to_the_microsecond_the_database_sent()
    {
        var her = Fill("ann", null);
        var viewed = Now.AddMinutes(5);
        var micros = (viewed - DateTimeOffset.UnixEpoch).Ticks / 10;
        cache.Apply($"V|7|{micros}|ann");
        var after = cache.Find("ann", null, out _);
        Assert.NotNull(after);
        Assert.Equal(viewed, after.Progress[7].LastViewedAt);
        Assert.Equal(her.Enrollment!.Id, after.Progress[7].EnrollmentId);
        Assert.Null(after.Progress[7].CompletedAt);
        Assert.Empty(her.Progress); // the copy handed out earlier is not changed under its reader
    }

    [Fact]
    public void An_entry_is_read_again_after_its_longest_age()
    {
        Fill("ann", null);
        clock.Advance(HerStateCache.MaxAge);
        Assert.Null(cache.Find("ann", null, out _));
    }

    [Theory]
    [InlineData("""UPDATE "Enrollments" SET "Status" = @p0 WHERE "Id" = @p1;""", true)]
    [InlineData("""INSERT INTO "LessonReleases" ("EnrollmentId", "LessonId") VALUES (@p0, @p1)""", true)]
    [InlineData("""DELETE FROM "JournalEntries" WHERE "Id" = @p0""", true)]
    [InlineData("""insert into "ToolkitItems" ("UserId") values (@p0)""", true)]
    [InlineData("""UPDATE "AspNetUsers" SET "ConcurrencyStamp" = @p0, "TimeZone" = @p1 WHERE "Id" = @p2""", true)]
    [InlineData("""UPDATE "AspNetUsers" SET "SecurityStamp" = @p0 WHERE "Id" = @p1""", false)]
    [InlineData("""SELECT e."Id" FROM "Enrollments" e WHERE e."UserId" = @p0""", false)]
    [InlineData("""INSERT INTO "AuditEntries" ("Action") VALUES (@p0)""", false)]
    public void A_statement_counts_as_a_write_of_hers_when_it_changes_a_table_her_state_is_read_from(string sql, bool writes) =>
        Assert.Equal(writes, HerStateWrites.Writes(sql));

    [Fact]
    public void The_statement_that_records_where_she_left_off_is_not_a_write_that_drops_everyone() =>
        Assert.False(HerStateWrites.Writes(LearnSql.LeftOffMarker + """
            INSERT INTO "LessonProgress" ("EnrollmentId", "LessonId", "LastViewedAt") VALUES (@p0, @p1, @p2)
            """));
}
