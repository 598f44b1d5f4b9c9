using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AnxiousToSecure.TestSupport.Processes;

/// <summary>
/// A fresh, empty database on the test PostgreSQL, migrated and filled with course-content/ by the
/// published app's own commands (<c>migrate</c>, <c>import-content</c>), as scripts/run does; dropped afterwards.
/// Accounts are written with Identity's own stores, as the app would write them.
/// </summary>
public sealed class AppDatabase : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private AppDatabase(string name)
    {
        Name = name;
        services = DatabaseTemplates.ContextServices(ConnectionString);
        identity = new ServiceCollection()
            .AddLogging()
            .AddAppDbContext(ConnectionString)
            .AddIdentityCore<ApplicationUser>(o => AppDbContext.ConfigureIdentityStores(o.Stores))
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .Services.BuildServiceProvider();
    }

    private readonly ServiceProvider identity;

    public string Name { get; }

    public string ConnectionString => DatabaseTemplates.ConnectionStringFor(Name);

    public AppDbContext CreateContext() => services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    /// <summary>Creates the database and runs <c>migrate</c> and <c>import-content course-content</c> with <paramref name="settings"/>.</summary>
    public static async Task<AppDatabase> CreateAsync(Func<string, IReadOnlyDictionary<string, string>> settings)
    {
        var database = new AppDatabase($"t_{Guid.NewGuid():N}");
        await using (var server = new NpgsqlConnection(DatabaseTemplates.ConnectionStringFor("postgres")))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Name}\"", server);
            await create.ExecuteNonQueryAsync();
        }
        var with = settings(database.ConnectionString);
        await AppInstance.RunCommandAsync(with, "migrate");
        await AppInstance.RunCommandAsync(with, "import-content", TestPaths.CourseContent, "--keep-app-edits");
        return database;
    }

    /// <summary>A confirmed account with <see cref="AppFactory.Password"/>; staff get an authenticator (<see cref="Authenticators"/>).</summary>
    public async Task<ApplicationUser> CreateUserAsync(string role, DateTimeOffset? enrolledAt = null)
    {
        var email = $"{role.ToLowerInvariant()}{Guid.NewGuid():N}@example.com";
        await using var scope = identity.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(user, AppFactory.Password);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        if (Roles.Staff.Contains(role))
        {
            var key = Authenticators.NewKey();
            await DevAccountsSeeder.EnableAuthenticatorAsync(scope.ServiceProvider, user, key);
            Authenticators.Register(email, key);
        }
        if (enrolledAt is { } at) await EnrollAsync([user.Id], at);
        return user;
    }

    /// <summary>Active enrollments starting at <paramref name="startedAt"/>, due a release check now, as a grant makes them.</summary>
    public async Task EnrollAsync(IReadOnlyCollection<string> userIds, DateTimeOffset startedAt)
    {
        await using var db = CreateContext();
        var courseId = await db.Courses.Select(c => c.Id).SingleAsync();
        var now = DateTimeOffset.UtcNow;
        foreach (var id in userIds)
        {
            db.Enrollments.Add(new Enrollment
            {
                Id = Guid.CreateVersion7(now),
                UserId = id,
                CourseId = courseId,
                Source = EnrollmentSource.Grant,
                Status = EnrollmentStatus.Active,
                StartedAt = startedAt,
                CreatedAt = now,
                StatusChangedAt = now,
                NextReleaseCheckAt = now,
            });
        }
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// <paramref name="count"/> students (no password: they never sign in) enrolled now, so each has her
    /// first lessons due at the next sweep: one lesson email each. Returns their addresses.
    /// </summary>
    public async Task<IReadOnlyList<string>> SeedDueStudentsAsync(int count)
    {
        var now = DateTimeOffset.UtcNow;
        var users = Enumerable.Range(0, count).Select(_ =>
        {
            var email = $"due{Guid.NewGuid():N}@example.com";
            return new ApplicationUser
            {
                Id = Guid.NewGuid().ToString(),
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true,
                SecurityStamp = Guid.NewGuid().ToString("N"),
                ConcurrencyStamp = Guid.NewGuid().ToString(),
                CreatedAt = now,
            };
        }).ToList();
        await using (var db = CreateContext())
        {
            db.Users.AddRange(users);
            await db.SaveChangesAsync();
        }
        await EnrollAsync([.. users.Select(u => u.Id)], now);
        return [.. users.Select(u => u.Email!)];
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await identity.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(DatabaseTemplates.ConnectionStringFor("postgres"));
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }
}
