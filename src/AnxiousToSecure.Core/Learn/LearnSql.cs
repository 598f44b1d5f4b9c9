using System.Runtime.CompilerServices;
using System.Text.Json;
using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Learn;

/// <summary>
/// The raw SQL of reading: what is hers in one statement, progress upserts that two tabs may race (<c>ON CONFLICT</c>), her
/// enrollment lock, and the recount that keeps <c>Enrollments.CompletedLessons</c> equal to the
/// number of published lessons she has completed. Recounted (never incremented) wherever completion
/// or publishing changes.
/// </summary>
public static class LearnSql
{
    /// <summary>
    /// What the database says on every change to a student's rows (triggers on her tables, migration
    /// HerStateNotifications): <c>U|userId</c>, or <c>V|lessonId|unix microseconds|userId</c> when only "where she
    /// left off" moved. <see cref="HerStateCache.Apply"/> reads it.
    /// </summary>
    public const string HerStateChannel = "ats_her_state";

    public const string ListenHerState = "LISTEN " + HerStateChannel;

    /// <summary>Marks the statement that records "where she left off", which updates the cached state in place instead of dropping it.</summary>
    public const string LeftOffMarker = "/* ats:left-off */";

    private const string Recount = """
        UPDATE "Enrollments" e SET "CompletedLessons" = (
            SELECT count(*) FROM "LessonProgress" p JOIN "Lessons" l ON l."Id" = p."LessonId" AND l."Published"
            WHERE p."EnrollmentId" = e."Id" AND p."CompletedAt" IS NOT NULL)
        """;

    internal sealed class HerRow
    {
        public Guid? EnrollmentId { get; init; }
        public string? Status { get; init; }
        public string? Source { get; init; }
        public DateTimeOffset? StartedAt { get; init; }
        public DateTimeOffset? CreatedAt { get; init; }
        public DateTimeOffset? StatusChangedAt { get; init; }
        public DateTimeOffset? PausedAt { get; init; }
        public int? PausedDays { get; init; }
        public DateTimeOffset? NextReleaseCheckAt { get; init; }
        public DateTimeOffset? LastLessonEmailAt { get; init; }
        public int? CompletedLessons { get; init; }
        public string? TimeZone { get; init; }
        public int? UnlockHour { get; init; }
        public int[]? ReleasedEarly { get; init; }
        public string? Progress { get; init; }
        public int[]? Released { get; init; }
        public Guid? JournalId { get; init; }
        public string? JournalCiphertext { get; init; }
        public DateTimeOffset? JournalUpdatedAt { get; init; }
        public int[]? Toolkit { get; init; }
        public string? FeedbackAnswer { get; init; }
        public string? FeedbackNote { get; init; }
    }

    /// <summary>
    /// What is hers, in one statement: her enrollment in the course (the rule of
    /// <see cref="HerEnrollment.Hers(IQueryable{Enrollment}, string, int)"/>: user and course, at most
    /// one row), her time zone, her progress rows, the lessons released to her, the lessons whose practice
    /// she saved to her toolkit (newest first) and, when <paramref name="lessonId"/> is given, her journal
    /// entry for it (still encrypted) and her answer to "How did this lesson land?". No account: nothing.
    /// </summary>
    public static async Task<HerCourse> ReadHersAsync(AppDbContext db, string userId, int courseId, int? lessonId, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<HerRow>($"""
            SELECT e."Id" AS "EnrollmentId", e."Status", e."Source", e."StartedAt", e."CreatedAt", e."StatusChangedAt",
                   e."PausedAt", e."PausedDays", e."NextReleaseCheckAt", e."LastLessonEmailAt", e."CompletedLessons",
                   u."TimeZone", u."UnlockHour",
                   (SELECT json_agg(json_build_array(p."LessonId", p."CompletedAt", p."LastViewedAt", p."AudioPositionSeconds"))::text
                      FROM "LessonProgress" p WHERE p."EnrollmentId" = e."Id") AS "Progress",
                   ARRAY(SELECT r."LessonId" FROM "LessonReleases" r WHERE r."EnrollmentId" = e."Id") AS "Released",
                   ARRAY(SELECT r."LessonId" FROM "LessonReleases" r WHERE r."EnrollmentId" = e."Id" AND r."Early") AS "ReleasedEarly",
                   j."Id" AS "JournalId", j."Ciphertext" AS "JournalCiphertext", j."UpdatedAt" AS "JournalUpdatedAt",
                   ARRAY(SELECT t."LessonId" FROM "ToolkitItems" t WHERE t."UserId" = u."Id" ORDER BY t."SavedAt" DESC, t."LessonId") AS "Toolkit",
                   f."Answer" AS "FeedbackAnswer", f."Note" AS "FeedbackNote"
            FROM "AspNetUsers" u
            LEFT JOIN "Enrollments" e ON e."UserId" = u."Id" AND e."CourseId" = {courseId}
            LEFT JOIN "JournalEntries" j ON j."UserId" = u."Id" AND j."LessonId" = {lessonId}::integer
            LEFT JOIN "LessonFeedback" f ON f."UserId" = u."Id" AND f."LessonId" = {lessonId}::integer
            WHERE u."Id" = {userId}
            """).ToListAsync(ct);
        if (rows is not [var row]) return HerCourse.Nothing;
        var enrollment = row.EnrollmentId is not { } id ? null : new Enrollment
        {
            Id = id,
            UserId = userId,
            CourseId = courseId,
            Status = Enum.Parse<EnrollmentStatus>(row.Status!),
            Source = Enum.Parse<EnrollmentSource>(row.Source!),
            StartedAt = row.StartedAt!.Value,
            CreatedAt = row.CreatedAt!.Value,
            StatusChangedAt = row.StatusChangedAt!.Value,
            PausedAt = row.PausedAt,
            PausedDays = row.PausedDays ?? 0,
            NextReleaseCheckAt = row.NextReleaseCheckAt,
            LastLessonEmailAt = row.LastLessonEmailAt,
            CompletedLessons = row.CompletedLessons ?? 0,
        };
        var progress = new Dictionary<int, LessonProgress>();
        if (enrollment is not null && row.Progress is { } json)
        {
            using var doc = JsonDocument.Parse(json);
            foreach (var p in doc.RootElement.EnumerateArray())
            {
                var lesson = p[0].GetInt32();
                progress[lesson] = new LessonProgress
                {
                    EnrollmentId = enrollment.Id,
                    LessonId = lesson,
                    CompletedAt = p[1].ValueKind == JsonValueKind.Null ? null : p[1].GetDateTimeOffset().ToUniversalTime(),
                    LastViewedAt = p[2].GetDateTimeOffset().ToUniversalTime(),
                    AudioPositionSeconds = p[3].ValueKind == JsonValueKind.Null ? null : p[3].GetInt32(),
                };
            }
        }
        var journal = row.JournalId is { } journalId ? new JournalCiphertext(journalId, row.JournalCiphertext!, row.JournalUpdatedAt!.Value) : null;
        var feedback = row.FeedbackAnswer is { } answer && Enum.TryParse<Feedback.LessonLanding>(answer, out var landing) ? new Feedback.HerFeedback(landing, row.FeedbackNote) : null;
        return new HerCourse(enrollment, row.TimeZone, progress, (row.Released ?? []).ToHashSet(), journal)
        {
            UnlockHour = row.UnlockHour,
            ReleasedEarly = (row.ReleasedEarly ?? []).ToHashSet(),
            Toolkit = row.Toolkit ?? [],
            Feedback = feedback,
        };
    }

    /// <summary>Locks her enrollment in the course for the caller's transaction (the sweeper claims the same row); null: none.</summary>
    public static async Task<Guid?> LockHerEnrollmentAsync(AppDbContext db, string userId, int courseId, CancellationToken ct) =>
        (await db.Database.SqlQuery<Guid>($"""
            SELECT "Id" AS "Value" FROM "Enrollments" WHERE "UserId" = {userId} AND "CourseId" = {courseId} FOR UPDATE
            """).ToListAsync(ct)).Cast<Guid?>().FirstOrDefault();

    /// <summary>
    /// Opens a lesson for her ahead of her schedule: its release row, marked early, with no email (she opened it
    /// herself). A lesson released already stays as it is. The sweeper looks again now, so her next opening is recomputed.
    /// </summary>
    public static Task<int> ReleaseEarlyAsync(AppDbContext db, Guid enrollmentId, int lessonId, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync(FormattableStringFactory.Create("""
            INSERT INTO "LessonReleases" ("EnrollmentId", "LessonId", "ReleasedAt", "Early", "EmailStatus", "Attempts", "LastError")
            VALUES ({0}, {1}, {2}, TRUE, {3}, 0, {4})
            ON CONFLICT ("EnrollmentId", "LessonId") DO NOTHING;
            UPDATE "Enrollments" SET "NextReleaseCheckAt" = {2} WHERE "Id" = {0};
            """, enrollmentId, lessonId, now, nameof(Drip.DripEmailStatus.Skipped), "Opened early by her"), ct);

    /// <summary>
    /// "Where she left off" for many lessons at once (<see cref="LeftOffWrites"/>): each lesson's last-viewed time,
    /// creating progress rows where needed, never moving one back, in one statement. Each enrollment is share-locked
    /// before its rows are written, skipping one that "mark complete" holds at that moment (it locks her enrollment
    /// before her row, so waiting here could deadlock with it, and the two queue behind each other): the rows of a
    /// skipped enrollment are not written, and its id is returned so they go in the next batch. An enrollment or
    /// lesson deleted meanwhile is neither written nor returned.
    /// </summary>
    public static Task<List<Guid>> RecordLessonsViewedAsync(AppDbContext db, Guid[] enrollmentIds, int[] lessonIds, DateTimeOffset[] viewedAt, CancellationToken ct) =>
        db.Database.SqlQuery<Guid>(FormattableStringFactory.Create(LeftOffMarker + """
            WITH locked AS (
                SELECT "Id" FROM "Enrollments" WHERE "Id" = ANY({0}) ORDER BY "Id" FOR KEY SHARE SKIP LOCKED),
            written AS (
                INSERT INTO "LessonProgress" ("EnrollmentId", "LessonId", "LastViewedAt")
                SELECT v.e, v.l, v.t FROM unnest({0}, {1}, {2}) AS v(e, l, t) JOIN locked k ON k."Id" = v.e
                WHERE EXISTS (SELECT 1 FROM "Lessons" y WHERE y."Id" = v.l)
                ON CONFLICT ("EnrollmentId", "LessonId") DO UPDATE SET "LastViewedAt" = GREATEST("LessonProgress"."LastViewedAt", EXCLUDED."LastViewedAt")
                RETURNING 1)
            -- The INSERT above runs to completion whether or not this reads it.
            SELECT e."Id" AS "Value" FROM "Enrollments" e
            WHERE e."Id" = ANY({0}) AND NOT EXISTS (SELECT 1 FROM locked k WHERE k."Id" = e."Id")
            """, enrollmentIds, lessonIds, viewedAt)).ToListAsync(ct);

    /// <summary>
    /// Where she stopped listening to a lesson's recording, creating her progress row if needed (the
    /// caller checked she may read the lesson, so the row opens nothing new). "Where she left off" is
    /// not touched: listening in the background is not opening the lesson again.
    /// </summary>
    public static Task<int> SaveAudioPositionAsync(AppDbContext db, Guid enrollmentId, int lessonId, int seconds, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "LessonProgress" ("EnrollmentId", "LessonId", "LastViewedAt", "AudioPositionSeconds")
            VALUES ({enrollmentId}, {lessonId}, {now}, {seconds})
            ON CONFLICT ("EnrollmentId", "LessonId") DO UPDATE SET "AudioPositionSeconds" = EXCLUDED."AudioPositionSeconds"
            """, ct);

    /// <summary>
    /// Completes (a time) or un-completes (null) a lesson, in one round trip: her enrollment row is
    /// locked first, so two lessons completed at once (two tabs) are counted one after the other and
    /// the count on the enrollment cannot drift; then the upsert (completing twice keeps the first
    /// completion time) and the recount. The statements go as one batch, which PostgreSQL runs in
    /// one transaction (or the caller's).
    /// </summary>
    public static Task<int> SetLessonCompletedAsync(AppDbContext db, Guid enrollmentId, int lessonId, DateTimeOffset now, DateTimeOffset? completedAt, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync(FormattableStringFactory.Create("""
            SELECT 1 FROM "Enrollments" WHERE "Id" = {0} FOR UPDATE;
            INSERT INTO "LessonProgress" ("EnrollmentId", "LessonId", "LastViewedAt", "CompletedAt")
            VALUES ({0}, {1}, {2}, {3})
            ON CONFLICT ("EnrollmentId", "LessonId") DO UPDATE SET "CompletedAt" =
                CASE WHEN EXCLUDED."CompletedAt" IS NULL THEN NULL
                     ELSE COALESCE("LessonProgress"."CompletedAt", EXCLUDED."CompletedAt") END;
            """ + Recount + """ WHERE e."Id" = {0}""", enrollmentId, lessonId, now, completedAt), ct);

    public static Task<int> RecountProgressOfEnrollmentAsync(AppDbContext db, Guid enrollmentId, CancellationToken ct = default) =>
        db.Database.ExecuteSqlRawAsync(Recount + """ WHERE e."Id" = {0}""", [enrollmentId], ct);

    /// <summary>After a lesson was published or unpublished: every student who completed it.</summary>
    public static Task<int> RecountProgressOfLessonAsync(AppDbContext db, int lessonId, CancellationToken ct = default) =>
        db.Database.ExecuteSqlRawAsync(Recount + """
             WHERE e."Id" IN (SELECT q."EnrollmentId" FROM "LessonProgress" q WHERE q."LessonId" = {0} AND q."CompletedAt" IS NOT NULL)
            """, [lessonId], ct);

    /// <summary>After an import, which may publish or unpublish any lesson.</summary>
    public static Task<int> RecountProgressOfCourseAsync(AppDbContext db, int courseId, CancellationToken ct = default) =>
        db.Database.ExecuteSqlRawAsync(Recount + """ WHERE e."CourseId" = {0}""", [courseId], ct);
}
