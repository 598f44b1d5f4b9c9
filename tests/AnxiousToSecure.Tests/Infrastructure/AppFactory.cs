using AnxiousToSecure.Core.Courses.Content;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Enrollments;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace AnxiousToSecure.Tests.Infrastructure;

/// <summary>The real app over its own PostgreSQL database, with a clock the test moves and a temp mail folder.</summary>
public sealed class AppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Correct-horse-42";

    public TestDatabase Database { get; } = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero));

    public string MailFolder { get; } = Path.Combine(Path.GetTempPath(), $"ats-mail-{Guid.NewGuid():N}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Default", Database.ConnectionString);
        builder.UseSetting("Email:PickupDirectory", MailFolder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        using var scope = Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<CourseImporter>().ImportFolderAsync(TestPaths.CourseContent);
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
        if (Directory.Exists(MailFolder)) Directory.Delete(MailFolder, recursive: true);
    }

    /// <summary>A new confirmed student (optionally enrolled), already signed in on a fresh client.</summary>
    public async Task<(BrowserlessClient Client, ApplicationUser User)> SignInNewStudentAsync(DateTimeOffset? enrolledAt = null, string? timeZone = null)
    {
        var email = $"s{Guid.NewGuid():N}@example.com";
        var user = await CreateStudentAsync(email, enrolledAt, timeZone);
        var client = BrowserlessClient.Create(this);
        await client.SignInAsync(email);
        return (client, user);
    }

    /// <summary>A confirmed account, optionally enrolled with the drip clock started at <paramref name="enrolledAt"/>.</summary>
    public async Task<ApplicationUser> CreateStudentAsync(string email, DateTimeOffset? enrolledAt = null, string? timeZone = null)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, TimeZone = timeZone, CreatedAt = Clock.GetUtcNow() };
        var result = await users.CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, Roles.Student);
        if (enrolledAt is not null)
        {
            await using var db = Database.CreateContext();
            var courseId = db.Courses.Single().Id;
            await scope.ServiceProvider.GetRequiredService<EnrollmentService>().GrantAsync(user.Id, courseId, enrolledAt);
        }
        return user;
    }
}
