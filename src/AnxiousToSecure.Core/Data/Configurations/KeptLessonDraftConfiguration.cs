using AnxiousToSecure.Core.Author;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnxiousToSecure.Core.Data.Configurations;

internal sealed class KeptLessonDraftConfiguration : IEntityTypeConfiguration<KeptLessonDraft>
{
    public void Configure(EntityTypeBuilder<KeptLessonDraft> b)
    {
        b.ToTable("LessonDrafts");
        b.HasKey(d => d.LessonId);
        b.Property(d => d.Slug).HasMaxLength(100);
        b.Property(d => d.Title).HasMaxLength(200);
        // A deleted lesson takes its draft with it.
        b.HasOne(d => d.Lesson).WithOne().HasForeignKey<KeptLessonDraft>(d => d.LessonId).OnDelete(DeleteBehavior.Cascade);
    }
}
