using AnxiousToSecure.Core.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnxiousToSecure.Core.Data.Configurations;

internal sealed class CourseReferenceConfiguration : IEntityTypeConfiguration<CourseReference>
{
    public void Configure(EntityTypeBuilder<CourseReference> b)
    {
        b.HasIndex(r => new { r.CourseId, r.Key }).IsUnique();
        b.Property(r => r.Key).HasMaxLength(100);
        b.Property(r => r.Authors).HasMaxLength(1000);
        b.Property(r => r.Title).HasMaxLength(1000);
        b.Property(r => r.Journal).HasMaxLength(300);
        b.Property(r => r.Volume).HasMaxLength(50);
        b.Property(r => r.Issue).HasMaxLength(50);
        b.Property(r => r.Pages).HasMaxLength(50);
        b.Property(r => r.Doi).HasMaxLength(200);
        b.Property(r => r.Pmc).HasMaxLength(20);
        b.HasOne(r => r.Course).WithMany(c => c.References).HasForeignKey(r => r.CourseId);
    }
}
