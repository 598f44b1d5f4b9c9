using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Migrations.Migrations;

namespace AnxiousToSecure.UnitTests.Audit;

[Trait("Category", "Audit")]
public sealed class DeletedAccountMarkerTests
{
    [Fact]
    public void The_append_only_trigger_allows_exactly_the_marker_account_deletion_writes()
    {
        Assert.Contains($"NEW.\"Actor\" = '{AuditActor.DeletedAccountName}'", AuditAppendOnly.AppendOnlyFunction);
        // It is spliced into the trigger's SQL as a literal.
        Assert.DoesNotContain("'", AuditActor.DeletedAccountName);
    }
}
