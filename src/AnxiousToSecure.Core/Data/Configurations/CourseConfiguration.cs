using AnxiousToSecure.Core.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AnxiousToSecure.Core.Data.Configurations;

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
        // Read and written whole with the course: a JSON document, compared by content.
        b.Property(c => c.SalesPage).HasColumnType("jsonb")
            .HasConversion(v => SalesPage.ToJson(v), v => SalesPage.FromJson(v),
                new ValueComparer<SalesPage>((x, y) => Equals(x, y), v => v.GetHashCode(), v => v))
            .HasDefaultValueSql("'{}'::jsonb");
        b.ToTable(t => t.HasCheckConstraint("ck_course_morning_hour", "\"MorningUnlockHour\" BETWEEN 0 AND 23"));
        b.ToTable(t => t.HasCheckConstraint("ck_course_price", "\"PriceMinor\" >= 0"));
        b.ToTable(t => t.HasCheckConstraint("ck_course_early_unlock_limit", "\"EarlyUnlockLimit\" BETWEEN 0 AND 100"));
    }
}
