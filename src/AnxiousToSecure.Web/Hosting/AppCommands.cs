using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Settings;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Web.Hosting;

/// <summary>
/// Commands of the app's own executable (<c>AnxiousToSecure.Web migrate</c>, ...): they use the same
/// configuration and services as the web app, but start no server.
/// </summary>
public static class AppCommands
{
    private static readonly Dictionary<string, (string Usage, Func<IServiceProvider, string[], Task<int>> Run)> Commands = new()
    {
        ["migrate"] = ("migrate", MigrateAsync),
        ["import-content"] = ("import-content <folder> [--keep-app-edits | --overwrite-app-edits]", ImportContentAsync),
        ["export-content"] = ("export-content <new or empty folder>", ExportContentAsync),
        ["grant-enrollment"] = ("grant-enrollment <email>", GrantEnrollmentAsync),
        ["drip-sweep"] = ("drip-sweep", DripSweepAsync),
    };

    /// <summary>The exit code of <c>migrate</c> on a database made by migrations this version does not have (scripts read it).</summary>
    public const int UnknownMigrationsExitCode = 3;

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.ContainsKey(args[0]);

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var (usage, run) = Commands[args[0]];
        await using var scope = services.CreateAsyncScope();
        try
        {
            return await run(scope.ServiceProvider, args[1..]);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"{e.Message}\nusage: {usage}");
            return 2;
        }
    }

    /// <summary>One drip sweep now (release due lessons, send due email), as the recurring job does.</summary>
    private static async Task<int> DripSweepAsync(IServiceProvider services, string[] args)
    {
        if (args.Length != 0) throw new ArgumentException("drip-sweep takes no arguments.");
        var result = await services.GetRequiredService<DripSweeper>().ExecuteAsync();
        Console.WriteLine($"Released {result.Released} lesson(s); emails sent {result.Sent}, retrying {result.Retrying}, failed {result.Failed}, withheld {result.Withheld}.");
        return 0;
    }

    private static async Task<int> MigrateAsync(IServiceProvider services, string[] args)
    {
        var db = services.GetRequiredService<AppDbContext>();
        // The migrations were squashed into one Initial before the first release: a database made by
        // the old chain has ids this version does not know, and must be reset rather than upgraded.
        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
        var all = db.Database.GetMigrations().ToList();
        var unknown = applied.Except(all).ToList();
        if (unknown.Count > 0)
        {
            await Console.Error.WriteLineAsync(
                $"This database was made by migrations this version does not have ({string.Join(", ", unknown)}): the migrations " +
                "were squashed into one before the first release, so it cannot be upgraded. Nothing was changed. Reset the database " +
                "(drop it, or delete its data folder) and run migrate again.");
            return UnknownMigrationsExitCode;
        }
        var pending = all.Except(applied).ToList();
        await db.Database.MigrateAsync();
        Console.WriteLine(pending.Count == 0 ? "Database is up to date." : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}");
        return 0;
    }

    private static async Task<int> ImportContentAsync(IServiceProvider services, string[] args)
    {
        var policy = args.Length == 2 ? args[1] switch
        {
            "--keep-app-edits" => AppEditsPolicy.Keep,
            "--overwrite-app-edits" => AppEditsPolicy.Overwrite,
            _ => throw new ArgumentException($"Unknown option '{args[1]}'."),
        } : AppEditsPolicy.Refuse;
        if (args.Length is < 1 or > 2) throw new ArgumentException("import-content needs one folder and at most one option.");
        try
        {
            var request = new ImportRequest(AnxiousToSecure.Core.Audit.AuditActor.System, $"folder {Path.GetFullPath(args[0])}", MayChangePrice: true);
            var result = await services.GetRequiredService<CourseImporter>().ImportFolderAsync(args[0], policy, request);
            Console.WriteLine($"Imported {args[0]}: {result}");
            return 0;
        }
        catch (ContentFormatException e)
        {
            await Console.Error.WriteLineAsync($"Import stopped, nothing was changed. {Path.Combine(args[0], e.File)}:{e.Line}: {e.Problem}");
            return 1;
        }
        catch (DirectoryNotFoundException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
        catch (AppEditsConflictException e)
        {
            await Console.Error.WriteLineAsync($"Import stopped, nothing was changed. {e.Message} Options: --keep-app-edits, --overwrite-app-edits.");
            return 1;
        }
    }

    private static async Task<int> ExportContentAsync(IServiceProvider services, string[] args)
    {
        if (args.Length != 1) throw new ArgumentException("export-content needs exactly one folder.");
        try
        {
            var course = await services.GetRequiredService<CourseExporter>().LoadAsync();
            CourseContentWriter.WriteFolder(course, args[0]);
            Console.WriteLine($"Exported '{course.Title}' to {args[0]}: {course.Modules.Count} modules, {course.Modules.Sum(m => m.Lessons.Count)} lessons.");
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"Export stopped: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> GrantEnrollmentAsync(IServiceProvider services, string[] args)
    {
        if (args.Length != 1) throw new ArgumentException("grant-enrollment needs exactly one email address.");
        var user = await services.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(args[0]);
        if (user is null)
        {
            await Console.Error.WriteLineAsync($"No account uses the email address '{args[0]}'. The person must register first.");
            return 1;
        }
        var course = await services.GetRequiredService<StudentCourseService>().GetCourseAsync();
        if (course is null)
        {
            await Console.Error.WriteLineAsync("There is no course yet: run import-content first.");
            return 1;
        }
        var enrollment = await services.GetRequiredService<EnrollmentService>().GrantAsync(user.Id, course.Id,
            audit: new AuditNote(AuditActor.System, "grant-enrollment command"));
        Console.WriteLine($"{args[0]} is enrolled in '{course.Title}' (enrollment {enrollment.Id}, started {enrollment.StartedAt:u}).");
        return 0;
    }
}
