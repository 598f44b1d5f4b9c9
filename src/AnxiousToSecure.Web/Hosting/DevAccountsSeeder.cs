using System.ComponentModel.DataAnnotations;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.LocalTestCheckout;
using AnxiousToSecure.Core.Stripe;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AnxiousToSecure.Web.Hosting;

public sealed class DevAccountsOptions
{
    public const string Section = "DevAccounts";

    /// <summary>Create the three development accounts at start-up (Development only).</summary>
    public bool Seed { get; set; }

    [Required, MinLength(Core.Accounts.PasswordPolicy.MinLength)]
    public string Password { get; set; } = "Secure-Base-2026";

    /// <summary>How many days ago the dev student's enrollment started, so a few lessons are already open.</summary>
    [Range(0, 3650)]
    public int StudentStartedDaysAgo { get; set; } = 3;
}

/// <summary>
/// A student, an instructor and an admin for local development. The student is enrolled once, on
/// the first start: with the local test checkout she buys the course through it (so an admin can
/// refund her), otherwise she gets a complimentary place. Later starts leave her enrollment as it is.
/// </summary>
public sealed class DevAccountsSeeder(
    UserManager<ApplicationUser> users,
    AppDbContext db,
    EnrollmentService enrollments,
    StudentCourseService courses,
    CourseCheckout checkout,
    IOptions<DevAccountsOptions> options,
    TimeProvider time,
    ILogger<DevAccountsSeeder> logger,
    IServiceProvider services,
    // Registered only with the local test checkout (Development without a Stripe key).
    LocalTestPurchase? localPurchase = null)
{
    /// <summary>
    /// The development staff accounts' authenticator secret (Base32), shown in the README: staff pages
    /// need a second factor, so <c>oathtool --totp -b</c> with it (or any authenticator app) signs them in.
    /// </summary>
    public const string StaffAuthenticatorKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

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

            if (Roles.Staff.Contains(role) && !user.TwoFactorEnabled)
            {
                await EnableAuthenticatorAsync(services, user, StaffAuthenticatorKey, ct);
            }

            if (role == Roles.Student && await courses.GetCourseAsync(ct) is { } course
                && !await db.Enrollments.Hers(user.Id, course.Id).AnyAsync(ct))
            {
                await EnrollStudentAsync(user, course.Id, ct);
            }
        }
    }

    /// <summary>Turns on two-factor sign-in with a known authenticator key, quietly (no notice email, no audit): for seeded and test accounts only.</summary>
    public static async Task EnableAuthenticatorAsync(IServiceProvider services, ApplicationUser user, string key, CancellationToken ct = default)
    {
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        var store = services.GetRequiredService<IUserStore<ApplicationUser>>() as IUserAuthenticatorKeyStore<ApplicationUser>
            ?? throw new InvalidOperationException("The user store keeps no authenticator keys.");
        await store.SetAuthenticatorKeyAsync(user, key, ct);
        user.TwoFactorEnabled = true;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded) throw new InvalidOperationException($"Could not turn on two-factor sign-in for {user.Email}.");
    }

    private async Task EnrollStudentAsync(ApplicationUser student, int courseId, CancellationToken ct)
    {
        var startedAt = time.GetUtcNow().AddDays(-options.Value.StudentStartedDaysAgo);
        if (localPurchase is not { } purchase)
        {
            await enrollments.GrantAsync(student.Id, courseId, startedAt, new AuditNote(AuditActor.System, "development sample student"), ct);
            return;
        }
        var start = await checkout.StartAsync(student.Id, new Uri("http://localhost/"), ct: ct);
        var sessionId = start.RedirectUrl![(start.RedirectUrl!.LastIndexOf('/') + 1)..];
        if (!await purchase.CompleteAsync(sessionId, student.Id, ct)) throw new InvalidOperationException("The development purchase did not complete.");
        // Started a few days ago, so some lessons are open and the drip has something to show.
        await db.Enrollments.Hers(student.Id, courseId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.StartedAt, startedAt).SetProperty(e => e.NextReleaseCheckAt, time.GetUtcNow()), ct);
        logger.LogInformation("The development student bought the course through the local test checkout");
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
