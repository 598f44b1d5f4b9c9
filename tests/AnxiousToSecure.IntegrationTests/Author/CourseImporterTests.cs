using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace AnxiousToSecure.IntegrationTests.Author;

[Trait("Category", "Author")]
public sealed class CourseImporterTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));

    public Task InitializeAsync() => database.InitializeAsync();

    public Task DisposeAsync() => database.DisposeAsync();

    private async Task<ImportResult> ImportAsync(string folder)
    {
        await using var db = database.CreateContext();
        return await new CourseImporter(db, clock).ImportFolderAsync(folder);
    }

    private async Task<string> SnapshotAsync()
    {
        await using var db = database.CreateContext();
        var lessons = await db.Lessons.AsNoTracking().OrderBy(l => l.Id)
            .Select(l => $"{l.Id}|{l.ModuleId}|{l.Slug}|{l.Title}|{l.Position}|{l.ReleaseAfterDays}|{l.Published}|{l.BodyMarkdown.Length}|{l.UpdatedAt:O}")
            .ToListAsync();
        var modules = await db.Modules.AsNoTracking().OrderBy(m => m.Id).Select(m => $"{m.Id}|{m.Slug}|{m.Title}|{m.Position}|{m.UpdatedAt:O}").ToListAsync();
        var course = await db.Courses.AsNoTracking().Select(c => $"{c.Slug}|{c.Title}|{c.PriceMinor}|{c.UpdatedAt:O}").SingleAsync();
        return string.Join('\n', [course, .. modules, .. lessons]);
    }

    [Fact]
    public async Task Importing_the_real_course_twice_changes_nothing_the_second_time()
    {
        var first = await ImportAsync(TestPaths.CourseContent);
        var expected = CourseContentReader.ReadFolder(TestPaths.CourseContent);
        Assert.Equal(1 + expected.Modules.Count + expected.Modules.Sum(m => m.Lessons.Count) + expected.References.Count, first.Created);
        var before = await SnapshotAsync();

        clock.Advance(TimeSpan.FromDays(1));
        var second = await ImportAsync(TestPaths.CourseContent);

        Assert.False(second.ChangedAnything, second.ToString());
        Assert.Equal(first.Created, second.Unchanged);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_changed_lesson_is_updated_in_place_and_a_removed_one_is_unpublished()
    {
        using var folder = new TempCourseFolder();
        folder.Write("01-first/02-second.md", "---\ntitle: Second\nslug: second\nrelease_after_days: 2\nminutes: 3\npractice: p\nreflection_prompt: r\npublished: true\n---\nBody");
        await ImportAsync(folder.Root);
        await using (var db = database.CreateContext())
        {
            Assert.Equal(2, await db.Lessons.CountAsync(l => l.Published));
        }

        File.Delete(Path.Combine(folder.Root, "01-first/02-second.md"));
        folder.Write("01-first/01-welcome.md", File.ReadAllText(Path.Combine(folder.Root, "01-first/01-welcome.md")).Replace("Hello", "Hi"));
        var result = await ImportAsync(folder.Root);

        Assert.Equal(2, result.Updated); // the edited lesson and the unpublished one
        Assert.Equal(["second"], result.Unpublished);
        await using var check = database.CreateContext();
        var lessons = await check.Lessons.OrderBy(l => l.Slug).ToListAsync();
        Assert.Equal(2, lessons.Count);
        Assert.False(lessons.Single(l => l.Slug == "second").Published);
        Assert.StartsWith("Hi", lessons.Single(l => l.Slug == "welcome").BodyMarkdown);
    }

    private const string TwoReferences = """
        - key: leerkes-2018
          authors: "Leerkes, E. M., & Zhou, N."
          year: 2018
          title: "Maternal sensitivity to distress and attachment outcomes"
          journal: "Journal of Family Psychology"
          volume: "32"
          issue: "6"
          pages: "753-761"
          doi: "10.1037/fam0000420"
          pmc: PMC6126976
          summary: |
            What it found.

        - key: rotkirch-2010
          authors: "Rotkirch, A., & Janhunen, K."
          year: 2010
          title: "Maternal guilt"
          journal: "Evolutionary Psychology"
          volume: "8"
          pages: "90-106"
          pmc: PMC10480956
        """;

    [Fact]
    public async Task References_become_exactly_the_folders_in_its_order()
    {
        using var folder = new TempCourseFolder();
        folder.Write("references.yml", TwoReferences);
        var first = await ImportAsync(folder.Root);
        Assert.Equal(1 + 1 + 1 + 2, first.Created);

        // One removed, one changed: the changed row keeps its id, the removed one goes (no student data hangs on it).
        folder.Write("references.yml", TwoReferences[..TwoReferences.IndexOf("\n\n- key: rotkirch", StringComparison.Ordinal)].Replace("What it found.", "What it really found.", StringComparison.Ordinal));
        int id;
        await using (var db = database.CreateContext()) id = await db.CourseReferences.Where(r => r.Key == "leerkes-2018").Select(r => r.Id).SingleAsync();
        var second = await ImportAsync(folder.Root);

        Assert.Equal(2, second.Updated);
        await using var check = database.CreateContext();
        var left = Assert.Single(await check.CourseReferences.ToListAsync());
        Assert.Equal((id, "What it really found.", "10.1037/fam0000420"), (left.Id, left.Summary, left.Doi));
    }

    [Fact]
    public async Task A_malformed_reference_stops_the_import_naming_file_and_line()
    {
        using var folder = new TempCourseFolder();
        folder.Write("references.yml", TwoReferences.Replace("pmc: PMC6126976", "pmc: 6126976", StringComparison.Ordinal));
        var e = await Assert.ThrowsAsync<ContentFormatException>(() => ImportAsync(folder.Root));
        Assert.Contains("references.yml:10", e.Message);
    }

    [Fact]
    public async Task The_first_editions_references_lesson_is_unpublished_not_deleted_by_the_second_edition()
    {
        // A database from the first edition holds its References lesson; a folder may no longer name
        // that slug (it is the /learn/references page), so the lesson is written as that database has it.
        await ImportAsync(TestPaths.CourseContent);
        await using (var old = database.CreateContext())
        {
            var module = await old.Modules.OrderByDescending(m => m.Position).FirstAsync();
            old.Lessons.Add(new Lesson
            {
                CourseId = module.CourseId, ModuleId = module.Id, Slug = "references", Title = "References", Position = 99,
                ReleaseAfterDays = 56, Minutes = 3, Practice = "p", ReflectionPrompt = "r?", Published = true, BodyMarkdown = "The old references lesson.",
            });
            await old.SaveChangesAsync();
        }

        var result = await ImportAsync(TestPaths.CourseContent);

        Assert.Equal(["references"], result.Unpublished);
        await using var db = database.CreateContext();
        Assert.False(await db.Lessons.Where(l => l.Slug == "references").Select(l => l.Published).SingleAsync());
        Assert.Equal(5, await db.CourseReferences.CountAsync());
    }

    [Fact]
    public async Task A_broken_file_stops_the_import_names_file_and_line_and_changes_nothing()
    {
        using var folder = new TempCourseFolder();
        await ImportAsync(folder.Root);
        var before = await SnapshotAsync();

        folder.Write("01-first/module.yml", "title: First, renamed\nslug: first\n");
        folder.Write("01-first/02-broken.md", "---\ntitle: Broken\nslug: broken\nrelease_after_days: soon\nminutes: 3\npractice: p\nreflection_prompt: r\npublished: true\n---\nBody");

        var e = await Assert.ThrowsAsync<ContentFormatException>(() => ImportAsync(folder.Root));
        Assert.Equal(("01-first/02-broken.md", 4), (e.File, e.Line));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_lesson_moved_to_another_module_keeps_its_row()
    {
        using var folder = new TempCourseFolder();
        await ImportAsync(folder.Root);
        int id;
        await using (var db = database.CreateContext()) id = (await db.Lessons.SingleAsync()).Id;

        var text = File.ReadAllText(Path.Combine(folder.Root, "01-first/01-welcome.md"));
        File.Delete(Path.Combine(folder.Root, "01-first/01-welcome.md"));
        folder.Write("02-second/module.yml", "title: Second\nslug: second\n");
        folder.Write("02-second/01-welcome.md", text);
        await ImportAsync(folder.Root);

        await using var check = database.CreateContext();
        var lesson = await check.Lessons.Include(l => l.Module).SingleAsync();
        Assert.Equal(id, lesson.Id);
        Assert.Equal("second", lesson.Module!.Slug);
    }
}
