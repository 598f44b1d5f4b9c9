using AnxiousToSecure.Core.Completion;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnxiousToSecure.Core.Data.Configurations;

internal sealed class CompletionNoteConfiguration : IEntityTypeConfiguration<CompletionNote>
{
    public void Configure(EntityTypeBuilder<CompletionNote> b)
    {
        b.HasIndex(n => new { n.UserId, n.CourseId }).IsUnique();
        b.Property(n => n.Text).HasMaxLength(CompletionNote.MaxLength);
        b.Property(n => n.Consent).HasConversion<string>().HasMaxLength(16);
        // Deleting the account deletes her note with it.
        b.HasOne(n => n.User).WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(n => n.Course).WithMany().HasForeignKey(n => n.CourseId).OnDelete(DeleteBehavior.Restrict);
        // The course page's query: approved notes, newest first.
        b.HasIndex(n => new { n.CourseId, n.ApprovedAt });
    }
}
