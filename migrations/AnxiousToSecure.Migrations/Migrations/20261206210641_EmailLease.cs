using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnxiousToSecure.Migrations.Migrations
{
    /// <summary>
    /// A lease on the enrollment while a swept email to her is on its way: no sweeper claims her until it ends or
    /// the send's outcome is written, which is done after the send, in a transaction of its own.
    /// </summary>
    public partial class EmailLease : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "EmailLeasedUntil",
                table: "Enrollments",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EmailLeasedUntil",
                table: "Enrollments");
        }
    }
}
