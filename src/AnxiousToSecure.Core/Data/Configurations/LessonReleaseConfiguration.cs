using AnxiousToSecure.Core.Drip;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnxiousToSecure.Core.Data.Configurations;

internal sealed class LessonReleaseConfiguration : IEntityTypeConfiguration<LessonRelease>
{
    public void Configure(EntityTypeBuilder<LessonRelease> b)
    {
        b.HasIndex(r => new { r.EnrollmentId, r.LessonId }).IsUnique();
        // The outbox query: pending rows that are due. Partial, so sent rows cost the index nothing. A filter
        // is DDL and takes no parameters, so the status is spelled through nameof (same SQL, same model).
        b.HasIndex(r => r.NextAttemptAt).HasFilter($"\"EmailStatus\" = '{nameof(DripEmailStatus.Pending)}'").HasDatabaseName("IX_LessonReleases_Pending");
        b.Property(r => r.EmailStatus).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.LastError).HasMaxLength(1000);
        b.HasOne(r => r.Enrollment).WithMany().HasForeignKey(r => r.EnrollmentId);
        b.HasOne(r => r.Lesson).WithMany().HasForeignKey(r => r.LessonId);
    }
}
