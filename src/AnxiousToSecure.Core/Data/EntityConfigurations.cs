using AnxiousToSecure.Core.Courses;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Enrollments;
using AnxiousToSecure.Core.Progress;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnxiousToSecure.Core.Data;

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(100);
        b.Property(u => u.TimeZone).HasMaxLength(64);
        b.Property(u => u.LessonEmailFormat).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class CourseConfiguration : IEntityTypeConfiguration<Course>
{
    public void Configure(EntityTypeBuilder<Course> b)
    {
        b.HasIndex(c => c.Slug).IsUnique();
        b.Property(c => c.Slug).HasMaxLength(100);
        b.Property(c => c.Title).HasMaxLength(200);
        b.Property(c => c.Tagline).HasMaxLength(400);
        b.Property(c => c.Currency).HasMaxLength(3).IsFixedLength();
        b.Property(c => c.DefaultTimeZone).HasMaxLength(64);
        b.ToTable(t => t.HasCheckConstraint("ck_course_morning_hour", "\"MorningUnlockHour\" BETWEEN 0 AND 23"));
        b.ToTable(t => t.HasCheckConstraint("ck_course_price", "\"PriceMinor\" >= 0"));
    }
}

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

internal sealed class LessonConfiguration : IEntityTypeConfiguration<Lesson>
{
    public void Configure(EntityTypeBuilder<Lesson> b)
    {
        b.HasIndex(l => new { l.CourseId, l.Slug }).IsUnique();
        b.Property(l => l.Slug).HasMaxLength(100);
        b.Property(l => l.Title).HasMaxLength(200);
        b.HasOne(l => l.Module).WithMany(m => m.Lessons).HasForeignKey(l => l.ModuleId);
        b.HasOne(l => l.Course).WithMany().HasForeignKey(l => l.CourseId).OnDelete(DeleteBehavior.Restrict);
        b.ToTable(t => t.HasCheckConstraint("ck_lesson_release_days", "\"ReleaseAfterDays\" >= 0"));
    }
}

internal sealed class EnrollmentConfiguration : IEntityTypeConfiguration<Enrollment>
{
    public void Configure(EntityTypeBuilder<Enrollment> b)
    {
        b.HasIndex(e => new { e.UserId, e.CourseId }).IsUnique();
        b.HasIndex(e => new { e.Status, e.StartedAt });
        b.HasIndex(e => e.NextReleaseCheckAt).HasFilter("\"NextReleaseCheckAt\" IS NOT NULL");
        b.ToTable(t => t.HasCheckConstraint("ck_enrollment_paused_days", "\"PausedDays\" >= 0"));
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Source).HasConversion<string>().HasMaxLength(16);
        b.HasOne(e => e.User).WithMany().HasForeignKey(e => e.UserId);
        b.HasOne(e => e.Course).WithMany().HasForeignKey(e => e.CourseId);
        b.Ignore(e => e.IsActive);
    }
}

internal sealed class LessonProgressConfiguration : IEntityTypeConfiguration<LessonProgress>
{
    public void Configure(EntityTypeBuilder<LessonProgress> b)
    {
        b.HasIndex(p => new { p.EnrollmentId, p.LessonId }).IsUnique();
        b.HasOne(p => p.Enrollment).WithMany().HasForeignKey(p => p.EnrollmentId);
        b.HasOne(p => p.Lesson).WithMany().HasForeignKey(p => p.LessonId);
    }
}

internal sealed class LessonReleaseConfiguration : IEntityTypeConfiguration<LessonRelease>
{
    public void Configure(EntityTypeBuilder<LessonRelease> b)
    {
        b.HasIndex(r => new { r.EnrollmentId, r.LessonId }).IsUnique();
        // The outbox query: pending rows that are due. Partial, so sent rows cost the index nothing.
        b.HasIndex(r => r.NextAttemptAt).HasFilter("\"EmailStatus\" = 'Pending'").HasDatabaseName("IX_LessonReleases_Pending");
        b.Property(r => r.EmailStatus).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.LastError).HasMaxLength(1000);
        b.HasOne(r => r.Enrollment).WithMany().HasForeignKey(r => r.EnrollmentId);
        b.HasOne(r => r.Lesson).WithMany().HasForeignKey(r => r.LessonId);
    }
}
