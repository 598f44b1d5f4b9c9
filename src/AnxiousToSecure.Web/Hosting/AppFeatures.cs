using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.Core.Smtp;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Web.Hosting;

/// <summary>The Core services of each feature (the larger ones have their own file: AppAccounts, AppCheckout, AppEmail, AppJobs).</summary>
public static class AppFeatures
{
    public static IServiceCollection AddCare(this IServiceCollection services)
    {
        services.AddOptions<AnxiousToSecure.Core.Care.CareOptions>().BindConfiguration(AnxiousToSecure.Core.Care.CareOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AnxiousToSecure.Core.Care.CrisisDirectory>();
        services.AddOptions<AnxiousToSecure.Core.Care.SupportOptions>().BindConfiguration(AnxiousToSecure.Core.Care.SupportOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    public static IServiceCollection AddDrip(this IServiceCollection services)
    {
        services.AddOptions<DripOptions>().BindConfiguration(DripOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<DripOptions>, SendLeaseValidator>();
        services.AddSingleton<LessonEmailComposer>();
        services.AddTransient<DripSweeper>();
        services.AddOptions<GentleReturnOptions>().BindConfiguration(GentleReturnOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddTransient<GentleReturnSweeper>();
        services.AddScoped<LessonEmailQueue>();
        return services;
    }

    public static IServiceCollection AddSettings(this IServiceCollection services)
    {
        services.AddScoped<ReminderSettingsService>();
        services.AddScoped<TimeZones>();
        services.AddSingleton<UnsubscribeTokens>();
        return services;
    }

    public static IServiceCollection AddCatalog(this IServiceCollection services)
    {
        services.AddSingleton<LessonRenderer>();
        services.AddSingleton<ContentChanges>();
        services.AddSingleton<CourseContentCache>();
        services.AddHostedService<ContentChangeListener>();
        return services;
    }

    public static IServiceCollection AddAuthor(this IServiceCollection services)
    {
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CourseZipStore>();
        services.AddScoped<CourseImporter>();
        services.AddScoped<CourseExporter>();
        services.AddScoped<AnxiousToSecure.Core.Author.LessonAuthoring>();
        services.AddScoped<AnxiousToSecure.Core.Author.CourseSettings>();
        services.AddScoped<AnxiousToSecure.Core.Catalog.AuthorPhotoSource>();
        services.AddScoped<AnxiousToSecure.Core.Author.LessonAttachments>();
        return services;
    }

    public static IServiceCollection AddLearn(this IServiceCollection services)
    {
        services.AddScoped<EnrollmentService>();
        services.AddScoped<StudentCourseService>();
        services.AddOptions<LeftOffOptions>().BindConfiguration(LeftOffOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<LeftOffFlusher>();
        services.AddScoped<AnxiousToSecure.Core.Completion.CompletionService>();
        AnxiousToSecure.Web.Features.Learn.OfflineCopies.AddOfflineCopies(services);
        return services;
    }

    /// <summary>Her toolkit of saved practices.</summary>
    public static IServiceCollection AddToolkit(this IServiceCollection services)
    {
        services.AddScoped<AnxiousToSecure.Core.Toolkit.ToolkitService>();
        return services;
    }

    /// <summary>"How did this lesson land?" and the instructor's report of it.</summary>
    public static IServiceCollection AddFeedback(this IServiceCollection services)
    {
        services.AddScoped<AnxiousToSecure.Core.Feedback.FeedbackService>();
        return services;
    }

    public static IServiceCollection AddJournal(this IServiceCollection services)
    {
        services.AddScoped<AnxiousToSecure.Core.Journal.JournalService>();
        AnxiousToSecure.Web.Features.Journal.DraftClearing.AddDraftClearing(services);
        return services;
    }

    /// <summary>The admin console, and the audit log it reads.</summary>
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddScoped<AnxiousToSecure.Core.Audit.AuditQuery>();
        services.AddScoped<AnxiousToSecure.Core.Admin.AdminDashboard>();
        services.AddScoped<AnxiousToSecure.Core.Admin.EnrollmentDirectory>();
        services.AddScoped<AnxiousToSecure.Core.Admin.StudentRecords>();
        services.AddScoped<AnxiousToSecure.Core.Admin.StudentAdministration>();
        services.AddScoped<AnxiousToSecure.Core.Admin.RoleAdministration>();
        services.AddScoped<AnxiousToSecure.Core.Admin.PaymentRecords>();
        services.AddScoped<AnxiousToSecure.Core.Admin.SystemStatus>();
        return services;
    }

    /// <summary>Blazor: static pages, and interactive components over a circuit.</summary>
    public static IServiceCollection AddPages(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddSingleton<AnxiousToSecure.Web.Components.Shared.FlashNotes>();
        return services;
    }
}

/// <summary>
/// A lesson email's send is given half of <see cref="DripOptions.SendLease"/>, and one send may take two SMTP timeouts
/// (a stale pooled connection, then a fresh one): a lease too short for that would cut off sends that would have gone.
/// </summary>
public sealed class SendLeaseValidator(IOptions<SmtpOptions> smtp) : IValidateOptions<DripOptions>
{
    public ValidateOptionsResult Validate(string? name, DripOptions options)
    {
        var least = TimeSpan.FromSeconds(4 * smtp.Value.TimeoutSeconds);
        return options.SendLease >= least
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"The setting '{DripOptions.Section}:SendLease' ({options.SendLease}) must be at least four times " +
                $"'Smtp:TimeoutSeconds' ({least}): a send is given half the lease and may take two SMTP timeouts.");
    }
}
