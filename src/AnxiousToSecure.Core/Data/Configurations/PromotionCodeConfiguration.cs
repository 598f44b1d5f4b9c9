using AnxiousToSecure.Core.Checkout;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnxiousToSecure.Core.Data.Configurations;

internal sealed class PromotionCodeConfiguration : IEntityTypeConfiguration<PromotionCode>
{
    public void Configure(EntityTypeBuilder<PromotionCode> b)
    {
        b.HasIndex(c => c.Code).IsUnique();
        b.HasIndex(c => c.ProviderPromotionCodeId).IsUnique();
        b.Property(c => c.Code).HasMaxLength(PromotionCodeRules.MaxCodeLength);
        b.Property(c => c.ProviderPromotionCodeId).HasMaxLength(255);
        b.Property(c => c.ProviderCouponId).HasMaxLength(255);
        b.Property(c => c.Currency).HasMaxLength(3).IsFixedLength();
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(c => c.CreatedById).OnDelete(DeleteBehavior.SetNull);
        b.ToTable(t => t.HasCheckConstraint("ck_promotion_code_discount",
            "(\"PercentOff\" IS NULL) <> (\"AmountOffMinor\" IS NULL) AND (\"PercentOff\" IS NULL OR \"PercentOff\" BETWEEN 1 AND 100) AND (\"AmountOffMinor\" IS NULL OR \"AmountOffMinor\" > 0)"));
    }
}
