using AnxiousToSecure.TestSupport;
using AnxiousToSecure.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.IntegrationTests.Hosting;

[Trait("Category", "Hosting")]
public sealed class AppCommandsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Grant_enrollment_enrolls_a_registered_user_and_is_repeatable()
    {
        var email = $"g{Guid.NewGuid():N}@example.com";
        var user = await app.CreateStudentAsync(email);

        Assert.Equal(0, await AppCommands.RunAsync(app.Services, ["grant-enrollment", email]));
        Assert.Equal(0, await AppCommands.RunAsync(app.Services, ["grant-enrollment", email]));

        await using var db = app.Database.CreateContext();
        var enrollment = await db.Enrollments.SingleAsync(e => e.UserId == user.Id);
        Assert.True(enrollment.IsActive);
        Assert.Equal(app.Clock.GetUtcNow(), enrollment.StartedAt);
    }

    [Fact]
    public async Task Grant_enrollment_refuses_an_unknown_email_and_a_missing_argument()
    {
        Assert.Equal(1, await AppCommands.RunAsync(app.Services, ["grant-enrollment", "nobody@example.com"]));
        Assert.Equal(2, await AppCommands.RunAsync(app.Services, ["grant-enrollment"]));
    }

    [Fact]
    public async Task Import_content_fails_on_a_broken_folder_and_succeeds_on_the_real_one()
    {
        var broken = Directory.CreateTempSubdirectory("ats-broken-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(broken, "course.yml"), "title: [unclosed\n");
            Assert.Equal(1, await AppCommands.RunAsync(app.Services, ["import-content", broken]));
            Assert.Equal(1, await AppCommands.RunAsync(app.Services, ["import-content", Path.Combine(broken, "missing")]));
        }
        finally
        {
            Directory.Delete(broken, recursive: true);
        }
        Assert.Equal(0, await AppCommands.RunAsync(app.Services, ["import-content", TestPaths.CourseContent]));
    }

    [Fact]
    public async Task Migrate_refuses_a_database_made_by_the_migrations_from_before_the_squash()
    {
        Assert.Equal(0, await AppCommands.RunAsync(app.Services, ["migrate"]));

        await using var db = app.Database.CreateContext();
        const string oldChainId = "20261127150429_Initial";
        await db.Database.ExecuteSqlAsync($"""INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ({oldChainId}, '10.0.0')""");
        try
        {
            Assert.Equal(AppCommands.UnknownMigrationsExitCode, await AppCommands.RunAsync(app.Services, ["migrate"]));
        }
        finally
        {
            await db.Database.ExecuteSqlAsync($"""DELETE FROM "__EFMigrationsHistory" WHERE "MigrationId" = {oldChainId}""");
        }
    }
}
