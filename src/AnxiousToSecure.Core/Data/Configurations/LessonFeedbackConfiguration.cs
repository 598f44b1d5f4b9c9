using AnxiousToSecure.Core.Feedback;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnxiousToSecure.Core.Data.Configurations;

internal sealed class LessonFeedbackConfiguration : IEntityTypeConfiguration<LessonFeedback>
{
    public void Configure(EntityTypeBuilder<LessonFeedback> b)
    {
        // One answer per student and lesson: a second answer replaces the first (FeedbackSql's upsert).
        b.HasKey(f => new { f.UserId, f.LessonId });
        b.Property(f => f.Answer).HasConversion<string>().HasMaxLength(16);
        b.Property(f => f.Note).HasMaxLength(LessonFeedback.NoteMaxLength);
        // Deleting the account deletes her answers with it.
        b.HasOne(f => f.User).WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(f => f.Lesson).WithMany().HasForeignKey(f => f.LessonId).OnDelete(DeleteBehavior.Cascade);
        // The instructor's report counts by lesson.
        b.HasIndex(f => new { f.LessonId, f.Answer });
    }
}
