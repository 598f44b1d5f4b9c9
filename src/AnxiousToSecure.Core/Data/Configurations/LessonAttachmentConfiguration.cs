using AnxiousToSecure.Core.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnxiousToSecure.Core.Data.Configurations;

internal sealed class LessonAttachmentConfiguration : IEntityTypeConfiguration<LessonAttachment>
{
    public void Configure(EntityTypeBuilder<LessonAttachment> b)
    {
        b.HasIndex(a => new { a.LessonId, a.FileName }).IsUnique();
        b.Property(a => a.FileName).HasMaxLength(150);
        b.Property(a => a.ContentType).HasMaxLength(100);
        b.HasOne(a => a.Lesson).WithMany().HasForeignKey(a => a.LessonId).OnDelete(DeleteBehavior.Cascade);
    }
}
