using System.ComponentModel.DataAnnotations;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Enrollments;
using AnxiousToSecure.Core.Progress;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Web.Hosting;

public sealed class DevAccountsOptions
{
    public const string Section = "DevAccounts";

    /// <summary>Create the three development accounts at start-up (Development only).</summary>
    public bool Seed { get; set; }

    [Required, MinLength(10)]
    public string Password { get; set; } = "Secure-Base-2026";

    /// <summary>How many days ago the dev student's enrollment started, so a few lessons are already open.</summary>
    [Range(0, 3650)]
    public int StudentStartedDaysAgo { get; set; } = 3;
}

/// <summary>A student, an instructor and an admin for local development, with the student enrolled.</summary>
public sealed class DevAccountsSeeder(
    UserManager<ApplicationUser> users,
    EnrollmentService enrollments,
    StudentCourseService courses,
    IOptions<DevAccountsOptions> options,
    TimeProvider time,
    ILogger<DevAccountsSeeder> logger)
{
    public static readonly (string Email, string Name, string Role)[] Accounts =
    [
        ("student@example.com", "Dev Student", Roles.Student),
        ("instructor@example.com", "Dev Instructor", Roles.Instructor),
        ("admin@example.com", "Dev Admin", Roles.Admin),
    ];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        foreach (var (email, name, role) in Accounts)
        {
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = time.GetUtcNow() };
                var created = await users.CreateAsync(user, options.Value.Password);
                if (!created.Succeeded) throw new InvalidOperationException($"Could not create {email}: {string.Join("; ", created.Errors.Select(e => e.Description))}");
                await users.AddToRoleAsync(user, role);
                logger.LogInformation("Created development account {Email} ({Role})", email, role);
            }

            if (role == Roles.Student && await courses.GetCourseAsync(ct) is { } course)
            {
                await enrollments.GrantAsync(user.Id, course.Id, time.GetUtcNow().AddDays(-options.Value.StudentStartedDaysAgo),
                    new AuditNote(AuditActor.System, "development sample student"), ct);
            }
        }
    }
}

public static class DevAccountsSeederExtensions
{
    public static async Task SeedDevAccountsIfEnabledAsync(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment() || !app.Services.GetRequiredService<IOptions<DevAccountsOptions>>().Value.Seed) return;
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DevAccountsSeeder>().SeedAsync();
    }
}
