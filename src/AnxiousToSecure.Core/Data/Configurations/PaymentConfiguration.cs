using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnxiousToSecure.Core.Data.Configurations;

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> b)
    {
        // Fulfilment's idempotency rests on these: one payment per checkout session and per payment intent.
        b.HasIndex(p => p.CheckoutSessionId).IsUnique();
        b.HasIndex(p => p.PaymentIntentId).IsUnique();
        b.HasIndex(p => new { p.UserId, p.CreatedAt });
        b.Property(p => p.CheckoutSessionId).HasMaxLength(255);
        b.Property(p => p.PaymentIntentId).HasMaxLength(255);
        b.Property(p => p.CheckoutUrl).HasMaxLength(2000);
        b.Property(p => p.Currency).HasMaxLength(3).IsFixedLength();
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(24);
        b.HasOne(p => p.User).WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Course>().WithMany().HasForeignKey(p => p.CourseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Enrollment>().WithMany().HasForeignKey(p => p.EnrollmentId).OnDelete(DeleteBehavior.SetNull);
        b.Property(p => p.ReceiptUrl).HasMaxLength(2000);
        b.HasOne(p => p.PromotionCode).WithMany().HasForeignKey(p => p.PromotionCodeId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(p => p.RemainingMinor);
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_payment_amounts", "\"AmountMinor\" >= 0 AND \"RefundedMinor\" >= 0 AND \"RefundedMinor\" <= \"AmountMinor\"");
        });
    }
}
