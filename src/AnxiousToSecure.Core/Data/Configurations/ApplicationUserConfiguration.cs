using AnxiousToSecure.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnxiousToSecure.Core.Data.Configurations;

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(100);
        b.Property(u => u.TimeZone).HasMaxLength(64);
        b.Property(u => u.LessonEmailFormat).HasConversion<string>().HasMaxLength(16);
        b.ToTable(t => t.HasCheckConstraint("ck_user_unlock_hour", "\"UnlockHour\" IS NULL OR \"UnlockHour\" BETWEEN 0 AND 23"));
        // The admin search finds people by any part of their email or name: trigram indexes serve ILIKE '%…%'.
        b.HasIndex(u => u.Email, "IX_AspNetUsers_Email_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
        b.HasIndex(u => u.DisplayName, "IX_AspNetUsers_DisplayName_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}
