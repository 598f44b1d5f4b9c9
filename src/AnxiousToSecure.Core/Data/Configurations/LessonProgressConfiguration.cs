using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnxiousToSecure.Core.Data.Configurations;

internal sealed class LessonProgressConfiguration : IEntityTypeConfiguration<LessonProgress>
{
    public void Configure(EntityTypeBuilder<LessonProgress> b)
    {
        b.HasIndex(p => new { p.EnrollmentId, p.LessonId }).IsUnique();
        b.HasOne(p => p.Enrollment).WithMany().HasForeignKey(p => p.EnrollmentId);
        b.HasOne(p => p.Lesson).WithMany().HasForeignKey(p => p.LessonId);
    }
}
