using AnxiousToSecure.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnxiousToSecure.Core.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.HasIndex(a => a.At);
        b.HasIndex(a => new { a.SubjectUserId, a.At });
        b.HasIndex(a => new { a.ActorId, a.At });
        b.Property(a => a.Actor).HasMaxLength(256);
        b.Property(a => a.Action).HasMaxLength(100);
        b.Property(a => a.Target).HasMaxLength(200);
        b.Property(a => a.Details).HasMaxLength(AuditEntry.DetailsMaxLength);
    }
}
