using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnxiousToSecure.Core.Data.Configurations;

internal sealed class GiftConfiguration : IEntityTypeConfiguration<Gift>
{
    public void Configure(EntityTypeBuilder<Gift> b)
    {
        // One gift per payment; a token hash opens one gift at most.
        b.HasIndex(g => g.PaymentId).IsUnique();
        b.HasIndex(g => g.TokenHash).IsUnique();
        b.HasIndex(g => new { g.BuyerId, g.CreatedAt });
        // The sweep's claims: due emails and waiting notes, an index scan when nothing is due.
        b.HasIndex(g => g.SendAt).HasFilter("\"SendAt\" IS NOT NULL");
        b.HasIndex(g => g.UpdatedAt).HasFilter("\"NoticeDue\" IS NOT NULL").HasDatabaseName("IX_Gifts_NoticeDue");
        b.Property(g => g.RecipientEmail).HasMaxLength(256);
        b.Property(g => g.NormalizedRecipientEmail).HasMaxLength(256);
        b.Property(g => g.Message).HasMaxLength(Gift.MaxMessageLength);
        b.Property(g => g.TokenHash).HasMaxLength(64);
        b.Property(g => g.Status).HasConversion<string>().HasMaxLength(24);
        b.Property(g => g.NoticeDue).HasConversion<string>().HasMaxLength(16);
        b.HasOne(g => g.Payment).WithMany().HasForeignKey(g => g.PaymentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(g => g.BuyerId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(g => g.RedeemedById).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Course>().WithMany().HasForeignKey(g => g.CourseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Enrollment>().WithMany().HasForeignKey(g => g.EnrollmentId).OnDelete(DeleteBehavior.SetNull);
    }
}
