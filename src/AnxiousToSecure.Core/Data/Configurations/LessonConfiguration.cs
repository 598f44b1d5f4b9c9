using AnxiousToSecure.Core.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnxiousToSecure.Core.Data.Configurations;

internal sealed class LessonConfiguration : IEntityTypeConfiguration<Lesson>
{
    public void Configure(EntityTypeBuilder<Lesson> b)
    {
        b.HasIndex(l => new { l.CourseId, l.Slug }).IsUnique();
        b.Property(l => l.Slug).HasMaxLength(100);
        b.Property(l => l.Title).HasMaxLength(200);
        b.Property(l => l.AudioFileName).HasMaxLength(150);
        b.HasOne(l => l.Module).WithMany(m => m.Lessons).HasForeignKey(l => l.ModuleId);
        b.HasOne(l => l.Course).WithMany().HasForeignKey(l => l.CourseId).OnDelete(DeleteBehavior.Restrict);
        b.ToTable(t => t.HasCheckConstraint("ck_lesson_release_days", "\"ReleaseAfterDays\" >= 0"));
        b.Property(l => l.Version).IsRowVersion();
    }
}
