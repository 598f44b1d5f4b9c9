using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Stripe;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Settings;
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
        // The admin search finds people by any part of their email or name: trigram indexes serve ILIKE '%…%'.
        b.HasIndex(u => u.Email, "IX_AspNetUsers_Email_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
        b.HasIndex(u => u.DisplayName, "IX_AspNetUsers_DisplayName_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
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
        b.Property(l => l.Version).IsRowVersion();
    }
}

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
        // The outbox query: pending rows that are due. Partial, so sent rows cost the index nothing. A filter
        // is DDL and takes no parameters, so the status is spelled through nameof (same SQL, same model).
        b.HasIndex(r => r.NextAttemptAt).HasFilter($"\"EmailStatus\" = '{nameof(DripEmailStatus.Pending)}'").HasDatabaseName("IX_LessonReleases_Pending");
        b.Property(r => r.EmailStatus).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.LastError).HasMaxLength(1000);
        b.HasOne(r => r.Enrollment).WithMany().HasForeignKey(r => r.EnrollmentId);
        b.HasOne(r => r.Lesson).WithMany().HasForeignKey(r => r.LessonId);
    }
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> b)
    {
        // Fulfilment's idempotency rests on these: one payment per checkout session and per payment intent.
        b.HasIndex(p => p.CheckoutSessionId).IsUnique();
        b.HasIndex(p => p.PaymentIntentId).IsUnique();
        b.HasIndex(p => new { p.UserId, p.CreatedAt });
        b.Property(p => p.CheckoutSessionId).HasMaxLength(255);
        b.Property(p => p.PaymentIntentId).HasMaxLength(255);
        b.Property(p => p.CheckoutUrl).HasMaxLength(2000);
        b.Property(p => p.Currency).HasMaxLength(3).IsFixedLength();
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(24);
        b.HasOne(p => p.User).WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Course>().WithMany().HasForeignKey(p => p.CourseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Enrollment>().WithMany().HasForeignKey(p => p.EnrollmentId).OnDelete(DeleteBehavior.SetNull);
        b.Ignore(p => p.RemainingMinor);
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_payment_amounts", "\"AmountMinor\" >= 0 AND \"RefundedMinor\" >= 0 AND \"RefundedMinor\" <= \"AmountMinor\"");
        });
    }
}

internal sealed class RefundConfiguration : IEntityTypeConfiguration<Refund>
{
    public void Configure(EntityTypeBuilder<Refund> b)
    {
        b.HasIndex(r => r.StripeRefundId).IsUnique();
        b.Property(r => r.StripeRefundId).HasMaxLength(255);
        b.Property(r => r.Reason).HasMaxLength(500);
        b.Property(r => r.FailureReason).HasMaxLength(1000);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        b.HasOne(r => r.Payment).WithMany(p => p.Refunds).HasForeignKey(r => r.PaymentId);
        b.Ignore(r => r.IdempotencyKey);
        b.ToTable(t => t.HasCheckConstraint("ck_refund_amount", "\"AmountMinor\" > 0"));
    }
}

internal sealed class DisputeConfiguration : IEntityTypeConfiguration<Dispute>
{
    public void Configure(EntityTypeBuilder<Dispute> b)
    {
        b.HasIndex(d => d.StripeDisputeId).IsUnique();
        b.Property(d => d.StripeDisputeId).HasMaxLength(255);
        b.Property(d => d.ChargeId).HasMaxLength(255);
        b.Property(d => d.Currency).HasMaxLength(3).IsFixedLength();
        b.Property(d => d.Reason).HasMaxLength(100);
        b.Property(d => d.Status).HasMaxLength(50);
        b.HasOne(d => d.Payment).WithMany().HasForeignKey(d => d.PaymentId);
        b.Ignore(d => d.IsOpen);
    }
}

internal sealed class StripeEventRecordConfiguration : IEntityTypeConfiguration<StripeEventRecord>
{
    public void Configure(EntityTypeBuilder<StripeEventRecord> b)
    {
        b.ToTable("StripeEvents");
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).HasMaxLength(255);
        b.Property(e => e.Type).HasMaxLength(100);
        b.Property(e => e.ApiVersion).HasMaxLength(50);
        b.Property(e => e.Payload).HasColumnType("jsonb");
        b.Property(e => e.State).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.PaymentIntentId).HasMaxLength(255);
        b.Property(e => e.Error).HasMaxLength(2000);
        b.HasIndex(e => new { e.PaymentIntentId, e.State });
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.HasIndex(a => a.At);
        b.HasIndex(a => new { a.SubjectUserId, a.At });
        b.HasIndex(a => new { a.ActorId, a.At });
        b.Property(a => a.Actor).HasMaxLength(256);
        b.Property(a => a.Action).HasMaxLength(100);
        b.Property(a => a.Target).HasMaxLength(200);
        b.Property(a => a.Details).HasMaxLength(2000);
    }
}

internal sealed class JournalEntryConfiguration : IEntityTypeConfiguration<Journal.JournalEntry>
{
    public void Configure(EntityTypeBuilder<Journal.JournalEntry> b)
    {
        b.HasIndex(e => new { e.UserId, e.LessonId }).IsUnique();
        // Deleting the account deletes the journal with it.
        b.HasOne(e => e.User).WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(e => e.Lesson).WithMany().HasForeignKey(e => e.LessonId).OnDelete(DeleteBehavior.Restrict);
    }
}

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
