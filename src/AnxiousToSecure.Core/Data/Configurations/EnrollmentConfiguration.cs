using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnxiousToSecure.Core.Data.Configurations;

internal sealed class EnrollmentConfiguration : IEntityTypeConfiguration<Enrollment>
{
    public void Configure(EntityTypeBuilder<Enrollment> b)
    {
        b.HasIndex(e => new { e.UserId, e.CourseId }).IsUnique();
        b.HasIndex(e => new { e.Status, e.StartedAt });
        b.HasIndex(e => e.StartedAt);
        b.ToTable(t => t.HasCheckConstraint("ck_enrollment_completed_lessons", "\"CompletedLessons\" >= 0"));
        b.HasIndex(e => e.NextReleaseCheckAt).HasFilter("\"NextReleaseCheckAt\" IS NOT NULL");
        b.ToTable(t => t.HasCheckConstraint("ck_enrollment_paused_days", "\"PausedDays\" >= 0"));
        b.ToTable(t => t.HasCheckConstraint("ck_enrollment_return_emails", "\"ReturnEmailsSent\" >= 0"));
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Source).HasConversion<string>().HasMaxLength(16);
        b.HasOne(e => e.User).WithMany().HasForeignKey(e => e.UserId);
        b.HasOne(e => e.Course).WithMany().HasForeignKey(e => e.CourseId);
        b.Ignore(e => e.IsActive);
    }
}
