using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnxiousToSecure.Migrations.Migrations
{
    /// <summary>
    /// Every change to a student's rows notifies <c>ats_her_state</c> with whose they are, so each instance's copy of
    /// her state (HerStateCache) is dropped whoever wrote: another instance, a job, a tool, psql. A progress row whose
    /// only change is "where she left off" says so (<c>V|lesson|microseconds|user</c>), so the copy is updated instead.
    /// </summary>
    public partial class HerStateNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION ats_her_state_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    r record;
                    uid text;
                    view_only boolean := false;
                BEGIN
                    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
                    IF TG_TABLE_NAME = 'AspNetUsers' THEN
                        uid := r."Id";
                    ELSIF TG_TABLE_NAME IN ('LessonProgress', 'LessonReleases') THEN
                        SELECT e."UserId" INTO uid FROM "Enrollments" e WHERE e."Id" = r."EnrollmentId";
                    ELSE
                        uid := r."UserId";
                    END IF;
                    IF uid IS NULL THEN
                        -- Its enrollment is gone already (deleted with it): whoever it was, her rows changed.
                        PERFORM pg_notify('ats_her_state', '*');
                        RETURN NULL;
                    END IF;
                    -- Each table's fields are read only in its own branch (PL/pgSQL does not short-circuit a condition).
                    IF TG_TABLE_NAME = 'LessonProgress' THEN
                        IF TG_OP = 'INSERT' THEN
                            view_only := NEW."CompletedAt" IS NULL AND NEW."AudioPositionSeconds" IS NULL;
                        ELSIF TG_OP = 'UPDATE' THEN
                            view_only := NEW."EnrollmentId" = OLD."EnrollmentId" AND NEW."LessonId" = OLD."LessonId"
                                AND NEW."CompletedAt" IS NOT DISTINCT FROM OLD."CompletedAt"
                                AND NEW."AudioPositionSeconds" IS NOT DISTINCT FROM OLD."AudioPositionSeconds";
                        END IF;
                    END IF;
                    IF view_only THEN
                        PERFORM pg_notify('ats_her_state', 'V|' || NEW."LessonId" || '|'
                            || floor(extract(epoch FROM NEW."LastViewedAt") * 1000000)::bigint || '|' || uid);
                    ELSE
                        PERFORM pg_notify('ats_her_state', 'U|' || uid);
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER ats_her_state AFTER INSERT OR UPDATE OR DELETE ON "Enrollments" FOR EACH ROW EXECUTE FUNCTION ats_her_state_changed();
                CREATE TRIGGER ats_her_state AFTER INSERT OR UPDATE OR DELETE ON "LessonProgress" FOR EACH ROW EXECUTE FUNCTION ats_her_state_changed();
                CREATE TRIGGER ats_her_state AFTER INSERT OR UPDATE OR DELETE ON "LessonReleases" FOR EACH ROW EXECUTE FUNCTION ats_her_state_changed();
                CREATE TRIGGER ats_her_state AFTER INSERT OR UPDATE OR DELETE ON "JournalEntries" FOR EACH ROW EXECUTE FUNCTION ats_her_state_changed();
                CREATE TRIGGER ats_her_state AFTER INSERT OR UPDATE OR DELETE ON "ToolkitItems" FOR EACH ROW EXECUTE FUNCTION ats_her_state_changed();
                CREATE TRIGGER ats_her_state AFTER INSERT OR UPDATE OR DELETE ON "LessonFeedback" FOR EACH ROW EXECUTE FUNCTION ats_her_state_changed();
                CREATE TRIGGER ats_her_state AFTER UPDATE OF "TimeZone", "UnlockHour" OR DELETE ON "AspNetUsers" FOR EACH ROW EXECUTE FUNCTION ats_her_state_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS ats_her_state ON "Enrollments";
                DROP TRIGGER IF EXISTS ats_her_state ON "LessonProgress";
                DROP TRIGGER IF EXISTS ats_her_state ON "LessonReleases";
                DROP TRIGGER IF EXISTS ats_her_state ON "JournalEntries";
                DROP TRIGGER IF EXISTS ats_her_state ON "ToolkitItems";
                DROP TRIGGER IF EXISTS ats_her_state ON "LessonFeedback";
                DROP TRIGGER IF EXISTS ats_her_state ON "AspNetUsers";
                DROP FUNCTION IF EXISTS ats_her_state_changed();
                """);
        }
    }
}
