using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.Core.Stripe;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Data;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    /// <summary>Data Protection keys (cookies, tokens, journal encryption) live with the data, shared by every instance.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Course> Courses => Set<Course>();
    public DbSet<Module> Modules => Set<Module>();
    public DbSet<Lesson> Lessons => Set<Lesson>();
    public DbSet<LessonAttachment> LessonAttachments => Set<LessonAttachment>();
    public DbSet<Author.KeptLessonDraft> LessonDrafts => Set<Author.KeptLessonDraft>();
    public DbSet<CourseReference> CourseReferences => Set<CourseReference>();
    public DbSet<Enrollment> Enrollments => Set<Enrollment>();
    public DbSet<LessonProgress> LessonProgress => Set<LessonProgress>();
    public DbSet<LessonRelease> LessonReleases => Set<LessonRelease>();
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<PaymentPlan> PaymentPlans => Set<PaymentPlan>();
    public DbSet<PlanInvoice> PlanInvoices => Set<PlanInvoice>();
    public DbSet<Refund> Refunds => Set<Refund>();
    public DbSet<RefundRequest> RefundRequests => Set<RefundRequest>();
    public DbSet<Dispute> Disputes => Set<Dispute>();
    public DbSet<Gift> Gifts => Set<Gift>();
    public DbSet<PromotionCode> PromotionCodes => Set<PromotionCode>();
    public DbSet<StripeEventRecord> StripeEvents => Set<StripeEventRecord>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Journal.JournalEntry> JournalEntries => Set<Journal.JournalEntry>();
    public DbSet<Toolkit.ToolkitItem> ToolkitItems => Set<Toolkit.ToolkitItem>();
    public DbSet<Feedback.LessonFeedback> LessonFeedback => Set<Feedback.LessonFeedback>();

    /// <summary>
    /// Identity builds part of the model from its store options, so every place that builds the
    /// context (the app, the migrations tool, tests) must apply these same settings.
    /// </summary>
    public static void ConfigureIdentityStores(StoreOptions stores) => stores.SchemaVersion = IdentitySchemaVersions.Version3;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasPostgresExtension("pg_trgm");
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        // Roles are part of the schema: every environment has the same three, with stable ids.
        builder.Entity<IdentityRole>().HasData(AnxiousToSecure.Core.Data.Roles.All.Select(name => new IdentityRole
        {
            Id = $"role-{name.ToLowerInvariant()}",
            Name = name,
            NormalizedName = name.ToUpperInvariant(),
            ConcurrencyStamp = $"role-{name.ToLowerInvariant()}",
        }));
    }
}
