using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AnxiousToSecure.Migrations.Migrations;

/// <summary>
/// Written by hand (EF has no model for triggers). The audit log is append-only in the database
/// itself, not only by convention. The one change allowed is the one account deletion makes:
/// forgetting who the actor was, which writes <see cref="AuditActor.DeletedAccountName"/>.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261201204149_AuditAppendOnly")]
public sealed class AuditAppendOnly : Migration
{
    /// <summary>The trigger function; the marker comes from the C# constant, so the two cannot disagree.</summary>
    public static readonly string AppendOnlyFunction = $$"""
        CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                IF OLD."ActorId" IS NOT NULL AND NEW."ActorId" IS NULL AND NEW."Actor" = '{{AuditActor.DeletedAccountName}}'
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
        """;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(AppendOnlyFunction + """

            CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON "AuditEntries"
                FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
            CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON "AuditEntries"
                FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP TRIGGER audit_entries_no_truncate ON "AuditEntries";
            DROP TRIGGER audit_entries_append_only ON "AuditEntries";
            DROP FUNCTION audit_entries_append_only();
            """);
    }
}
