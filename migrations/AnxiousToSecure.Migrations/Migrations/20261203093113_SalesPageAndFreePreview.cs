using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnxiousToSecure.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class SalesPageAndFreePreview : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "FreePreview",
                table: "Lessons",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "FreePreview",
                table: "LessonDrafts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<byte[]>(
                name: "AuthorPhoto",
                table: "Courses",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SalesPage",
                table: "Courses",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'{}'::jsonb");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FreePreview",
                table: "Lessons");

            migrationBuilder.DropColumn(
                name: "FreePreview",
                table: "LessonDrafts");

            migrationBuilder.DropColumn(
                name: "AuthorPhoto",
                table: "Courses");

            migrationBuilder.DropColumn(
                name: "SalesPage",
                table: "Courses");
        }
    }
}
