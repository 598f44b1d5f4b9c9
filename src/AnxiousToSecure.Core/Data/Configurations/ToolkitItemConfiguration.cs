using AnxiousToSecure.Core.Toolkit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnxiousToSecure.Core.Data.Configurations;

internal sealed class ToolkitItemConfiguration : IEntityTypeConfiguration<ToolkitItem>
{
    public void Configure(EntityTypeBuilder<ToolkitItem> b)
    {
        // One save per student and practice; the key also serves "what is hers" (by user first).
        b.HasKey(t => new { t.UserId, t.LessonId });
        // Deleting the account deletes her toolkit with it; a deleted lesson leaves nothing to show.
        b.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(t => t.Lesson).WithMany().HasForeignKey(t => t.LessonId).OnDelete(DeleteBehavior.Cascade);
    }
}
