using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnxiousToSecure.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class HerPaceAndGentleReturn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Early",
                table: "LessonReleases",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastReturnEmailAt",
                table: "Enrollments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ResumedAt",
                table: "Enrollments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReturnEmailAttempts",
                table: "Enrollments",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ReturnEmailRetryAt",
                table: "Enrollments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReturnEmailsSent",
                table: "Enrollments",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "EarlyUnlockLimit",
                table: "Courses",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "ReturnEmails",
                table: "AspNetUsers",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<int>(
                name: "UnlockHour",
                table: "AspNetUsers",
                type: "integer",
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_enrollment_return_emails",
                table: "Enrollments",
                sql: "\"ReturnEmailsSent\" >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_course_early_unlock_limit",
                table: "Courses",
                sql: "\"EarlyUnlockLimit\" BETWEEN 0 AND 100");

            migrationBuilder.AddCheckConstraint(
                name: "ck_user_unlock_hour",
                table: "AspNetUsers",
                sql: "\"UnlockHour\" IS NULL OR \"UnlockHour\" BETWEEN 0 AND 23");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_enrollment_return_emails",
                table: "Enrollments");

            migrationBuilder.DropCheckConstraint(
                name: "ck_course_early_unlock_limit",
                table: "Courses");

            migrationBuilder.DropCheckConstraint(
                name: "ck_user_unlock_hour",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "Early",
                table: "LessonReleases");

            migrationBuilder.DropColumn(
                name: "LastReturnEmailAt",
                table: "Enrollments");

            migrationBuilder.DropColumn(
                name: "ResumedAt",
                table: "Enrollments");

            migrationBuilder.DropColumn(
                name: "ReturnEmailAttempts",
                table: "Enrollments");

            migrationBuilder.DropColumn(
                name: "ReturnEmailRetryAt",
                table: "Enrollments");

            migrationBuilder.DropColumn(
                name: "ReturnEmailsSent",
                table: "Enrollments");

            migrationBuilder.DropColumn(
                name: "EarlyUnlockLimit",
                table: "Courses");

            migrationBuilder.DropColumn(
                name: "ReturnEmails",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "UnlockHour",
                table: "AspNetUsers");
        }
    }
}
