using AnxiousToSecure.Core.Checkout;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnxiousToSecure.Core.Data.Configurations;

internal sealed class RefundConfiguration : IEntityTypeConfiguration<Refund>
{
    public void Configure(EntityTypeBuilder<Refund> b)
    {
        b.HasIndex(r => r.StripeRefundId).IsUnique();
        b.Property(r => r.StripeRefundId).HasMaxLength(255);
        b.Property(r => r.Reason).HasMaxLength(500);
        b.Property(r => r.FailureReason).HasMaxLength(1000);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        b.HasOne(r => r.Payment).WithMany(p => p.Refunds).HasForeignKey(r => r.PaymentId);
        b.Ignore(r => r.IdempotencyKey);
        b.ToTable(t => t.HasCheckConstraint("ck_refund_amount", "\"AmountMinor\" > 0"));
    }
}
