using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnxiousToSecure.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class AdminConsole : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.AddColumn<int>(
                name: "CompletedLessons",
                table: "Enrollments",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_Enrollments_StartedAt",
                table: "Enrollments",
                column: "StartedAt");

            migrationBuilder.AddCheckConstraint(
                name: "ck_enrollment_completed_lessons",
                table: "Enrollments",
                sql: "\"CompletedLessons\" >= 0");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_DisplayName_trgm",
                table: "AspNetUsers",
                column: "DisplayName")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_Email_trgm",
                table: "AspNetUsers",
                column: "Email")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.Sql("""
                UPDATE "Enrollments" e SET "CompletedLessons" = c.n
                FROM (SELECT p."EnrollmentId", count(*) AS n FROM "LessonProgress" p JOIN "Lessons" l ON l."Id" = p."LessonId" AND l."Published"
                      WHERE p."CompletedAt" IS NOT NULL GROUP BY p."EnrollmentId") c
                WHERE e."Id" = c."EnrollmentId";
                """);

            // The audit log is append-only in the database itself, not only by convention. The one
            // change allowed is the one account deletion makes: forgetting who the actor was.
            migrationBuilder.Sql("""
                CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' THEN
                        IF OLD."ActorId" IS NOT NULL AND NEW."ActorId" IS NULL AND NEW."Actor" = 'deleted account'
                           AND NEW."Id" = OLD."Id" AND NEW."At" = OLD."At" AND NEW."Action" = OLD."Action"
                           AND NEW."SubjectUserId" IS NOT DISTINCT FROM OLD."SubjectUserId"
                           AND NEW."Target" IS NOT DISTINCT FROM OLD."Target"
                           AND NEW."Details" IS NOT DISTINCT FROM OLD."Details" THEN
                            RETURN NEW;
                        END IF;
                    END IF;
                    RAISE EXCEPTION 'The audit log is append-only: % of an entry is not allowed', lower(TG_OP)
                        USING ERRCODE = 'insufficient_privilege';
                END $$;

                CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON "AuditEntries"
                    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
                CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON "AuditEntries"
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER audit_entries_no_truncate ON "AuditEntries";
                DROP TRIGGER audit_entries_append_only ON "AuditEntries";
                DROP FUNCTION audit_entries_append_only();
                """);

            migrationBuilder.DropIndex(
                name: "IX_Enrollments_StartedAt",
                table: "Enrollments");

            migrationBuilder.DropCheckConstraint(
                name: "ck_enrollment_completed_lessons",
                table: "Enrollments");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_DisplayName_trgm",
                table: "AspNetUsers");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_Email_trgm",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "CompletedLessons",
                table: "Enrollments");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");
        }
    }
}
