using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AnxiousToSecure.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class DripReleases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastLessonEmailAt",
                table: "Enrollments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "NextReleaseCheckAt",
                table: "Enrollments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PausedAt",
                table: "Enrollments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PausedDays",
                table: "Enrollments",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "LessonEmailFormat",
                table: "AspNetUsers",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "LinkOnly");

            migrationBuilder.AddColumn<bool>(
                name: "LessonEmails",
                table: "AspNetUsers",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<int>(
                name: "UnsubscribeStamp",
                table: "AspNetUsers",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "LessonReleases",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EnrollmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    LessonId = table.Column<int>(type: "integer", nullable: false),
                    ReleasedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EmailStatus = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LessonReleases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LessonReleases_Enrollments_EnrollmentId",
                        column: x => x.EnrollmentId,
                        principalTable: "Enrollments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LessonReleases_Lessons_LessonId",
                        column: x => x.LessonId,
                        principalTable: "Lessons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Enrollments_NextReleaseCheckAt",
                table: "Enrollments",
                column: "NextReleaseCheckAt",
                filter: "\"NextReleaseCheckAt\" IS NOT NULL");

            migrationBuilder.AddCheckConstraint(
                name: "ck_enrollment_paused_days",
                table: "Enrollments",
                sql: "\"PausedDays\" >= 0");

            migrationBuilder.CreateIndex(
                name: "IX_LessonReleases_EnrollmentId_LessonId",
                table: "LessonReleases",
                columns: new[] { "EnrollmentId", "LessonId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LessonReleases_LessonId",
                table: "LessonReleases",
                column: "LessonId");

            migrationBuilder.CreateIndex(
                name: "IX_LessonReleases_Pending",
                table: "LessonReleases",
                column: "NextAttemptAt",
                filter: "\"EmailStatus\" = 'Pending'");
            // Enrollments made before the sweeper existed: let it look at them once.
            migrationBuilder.Sql("UPDATE \"Enrollments\" SET \"NextReleaseCheckAt\" = now() WHERE \"Status\" = 'Active';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LessonReleases");

            migrationBuilder.DropIndex(
                name: "IX_Enrollments_NextReleaseCheckAt",
                table: "Enrollments");

            migrationBuilder.DropCheckConstraint(
                name: "ck_enrollment_paused_days",
                table: "Enrollments");

            migrationBuilder.DropColumn(
                name: "LastLessonEmailAt",
                table: "Enrollments");

            migrationBuilder.DropColumn(
                name: "NextReleaseCheckAt",
                table: "Enrollments");

            migrationBuilder.DropColumn(
                name: "PausedAt",
                table: "Enrollments");

            migrationBuilder.DropColumn(
                name: "PausedDays",
                table: "Enrollments");

            migrationBuilder.DropColumn(
                name: "LessonEmailFormat",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "LessonEmails",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "UnsubscribeStamp",
                table: "AspNetUsers");
        }
    }
}
