using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnxiousToSecure.Core.Data.Configurations;

internal sealed class PaymentPlanConfiguration : IEntityTypeConfiguration<PaymentPlan>
{
    public void Configure(EntityTypeBuilder<PaymentPlan> b)
    {
        // Every event finds its plan by one of these.
        b.HasIndex(p => p.CheckoutSessionId).IsUnique();
        b.HasIndex(p => p.SubscriptionId).IsUnique();
        b.HasIndex(p => new { p.UserId, p.CreatedAt });
        b.Property(p => p.CheckoutSessionId).HasMaxLength(255);
        b.Property(p => p.CheckoutUrl).HasMaxLength(2000);
        b.Property(p => p.SubscriptionId).HasMaxLength(255);
        b.Property(p => p.CustomerId).HasMaxLength(255);
        b.Property(p => p.Currency).HasMaxLength(3).IsFixedLength();
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        b.HasOne(p => p.User).WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Course>().WithMany().HasForeignKey(p => p.CourseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Enrollment>().WithMany().HasForeignKey(p => p.EnrollmentId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(p => p.Invoices).WithOne(i => i.Plan).HasForeignKey(i => i.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.ToTable(t => t.HasCheckConstraint("ck_payment_plan_counts", "\"Payments\" >= 2 AND \"AmountMinor\" > 0 AND \"PaidCount\" >= 0"));
    }
}

internal sealed class PlanInvoiceConfiguration : IEntityTypeConfiguration<PlanInvoice>
{
    public void Configure(EntityTypeBuilder<PlanInvoice> b)
    {
        // An invoice counts once, however often Stripe tells us about it.
        b.HasIndex(i => i.InvoiceId).IsUnique();
        b.HasIndex(i => i.PaymentId).IsUnique();
        b.Property(i => i.InvoiceId).HasMaxLength(255);
        b.Property(i => i.Currency).HasMaxLength(3).IsFixedLength();
        b.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        b.HasOne(i => i.Payment).WithMany().HasForeignKey(i => i.PaymentId).OnDelete(DeleteBehavior.Restrict);
    }
}
