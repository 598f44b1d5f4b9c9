using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnxiousToSecure.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class LessonVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "Lessons",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "xmin",
                table: "Lessons");
        }
    }
}
