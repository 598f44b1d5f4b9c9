using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AnxiousToSecure.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class PromotionCodesAndReceipts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "PromotionCodeId",
                table: "Payments",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ReceiptIsInvoice",
                table: "Payments",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ReceiptUrl",
                table: "Payments",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PromotionCodes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ProviderPromotionCodeId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ProviderCouponId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    PercentOff = table.Column<int>(type: "integer", nullable: true),
                    AmountOffMinor = table.Column<long>(type: "bigint", nullable: true),
                    Currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: true),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    MaxRedemptions = table.Column<int>(type: "integer", nullable: true),
                    CreatedById = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EndedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    IsTest = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PromotionCodes", x => x.Id);
                    table.CheckConstraint("ck_promotion_code_discount", "(\"PercentOff\" IS NULL) <> (\"AmountOffMinor\" IS NULL) AND (\"PercentOff\" IS NULL OR \"PercentOff\" BETWEEN 1 AND 100) AND (\"AmountOffMinor\" IS NULL OR \"AmountOffMinor\" > 0)");
                    table.ForeignKey(
                        name: "FK_PromotionCodes_AspNetUsers_CreatedById",
                        column: x => x.CreatedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Payments_PromotionCodeId",
                table: "Payments",
                column: "PromotionCodeId");

            migrationBuilder.CreateIndex(
                name: "IX_PromotionCodes_Code",
                table: "PromotionCodes",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PromotionCodes_CreatedById",
                table: "PromotionCodes",
                column: "CreatedById");

            migrationBuilder.CreateIndex(
                name: "IX_PromotionCodes_ProviderPromotionCodeId",
                table: "PromotionCodes",
                column: "ProviderPromotionCodeId",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Payments_PromotionCodes_PromotionCodeId",
                table: "Payments",
                column: "PromotionCodeId",
                principalTable: "PromotionCodes",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Payments_PromotionCodes_PromotionCodeId",
                table: "Payments");

            migrationBuilder.DropTable(
                name: "PromotionCodes");

            migrationBuilder.DropIndex(
                name: "IX_Payments_PromotionCodeId",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "PromotionCodeId",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "ReceiptIsInvoice",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "ReceiptUrl",
                table: "Payments");
        }
    }
}
