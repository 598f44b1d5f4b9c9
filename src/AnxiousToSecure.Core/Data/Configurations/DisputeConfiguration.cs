using AnxiousToSecure.Core.Checkout;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnxiousToSecure.Core.Data.Configurations;

internal sealed class DisputeConfiguration : IEntityTypeConfiguration<Dispute>
{
    public void Configure(EntityTypeBuilder<Dispute> b)
    {
        b.HasIndex(d => d.StripeDisputeId).IsUnique();
        b.Property(d => d.StripeDisputeId).HasMaxLength(255);
        b.Property(d => d.ChargeId).HasMaxLength(255);
        b.Property(d => d.Currency).HasMaxLength(3).IsFixedLength();
        b.Property(d => d.Reason).HasMaxLength(100);
        b.Property(d => d.Status).HasMaxLength(50);
        b.HasOne(d => d.Payment).WithMany().HasForeignKey(d => d.PaymentId);
        b.Ignore(d => d.IsOpen);
    }
}
