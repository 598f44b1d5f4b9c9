using AnxiousToSecure.Core.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnxiousToSecure.Core.Data.Configurations;

internal sealed class ModuleConfiguration : IEntityTypeConfiguration<Module>
{
    public void Configure(EntityTypeBuilder<Module> b)
    {
        b.HasIndex(m => new { m.CourseId, m.Slug }).IsUnique();
        b.Property(m => m.Slug).HasMaxLength(100);
        b.Property(m => m.Title).HasMaxLength(200);
        b.HasOne(m => m.Course).WithMany(c => c.Modules).HasForeignKey(m => m.CourseId);
    }
}
