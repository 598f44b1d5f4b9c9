using AnxiousToSecure.Core.Checkout;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnxiousToSecure.Core.Data.Configurations;

internal sealed class StripeEventRecordConfiguration : IEntityTypeConfiguration<StripeEventRecord>
{
    public void Configure(EntityTypeBuilder<StripeEventRecord> b)
    {
        b.ToTable("StripeEvents");
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).HasMaxLength(255);
        b.Property(e => e.Type).HasMaxLength(100);
        b.Property(e => e.ApiVersion).HasMaxLength(50);
        b.Property(e => e.Payload).HasColumnType("jsonb");
        b.Property(e => e.State).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.PaymentIntentId).HasMaxLength(255);
        b.Property(e => e.Error).HasMaxLength(2000);
        b.HasIndex(e => new { e.PaymentIntentId, e.State });
    }
}
