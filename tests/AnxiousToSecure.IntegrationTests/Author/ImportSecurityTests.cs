using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.IntegrationTests.Author;

/// <summary>The app with its import folder where the test can look, and a total-size limit a test can reach quickly.</summary>
public sealed class ImportFolderApp : AppFactory
{
    public const long MaxTotalBytes = 8 * 1024 * 1024;

    public string ImportFolder { get; } = Directory.CreateTempSubdirectory("ats-import-test-").FullName;

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
        [new("Import:TempFolder", ImportFolder), new("Import:MaxTotalBytes", MaxTotalBytes.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(ImportFolder, recursive: true);
    }
}

/// <summary>
/// Uploading course zips and lesson files as an attacker would: zip bombs and paths outside the folder
/// are refused with 400 before anything is extracted, nothing is left in the import folder, an
/// instructor cannot change what the course costs, and every import is audited with the zip's SHA-256.
/// </summary>
[Trait("Category", "Security")]
public sealed class ImportSecurityTests : IAsyncLifetime
{
    private readonly ImportFolderApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    private static Task<HttpResponseMessage> UploadZipAsync(BrowserlessClient client, byte[] zip) => CourseZipUpload.PostAsync(client, zip);

    private static async Task<string> OutcomeAsync(BrowserlessClient client, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, page) = await client.GetAsync(response.Headers.Location!.OriginalString);
        return page.QuerySelector("[role=status], [role=alert]")!.TextContent;
    }

    /// <summary>A zip of the given entries, each compressed as well as it goes.</summary>
    private static byte[] Zip(IEnumerable<(string Name, byte[] Bytes)> entries)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                stream.Write(bytes);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>The course as exported, with course.yml's lines passed through <paramref name="edit"/>.</summary>
    private static byte[] WithCourseYml(byte[] exported, Func<string, string> edit)
    {
        var entries = new List<(string, byte[])>();
        using (var zip = new ZipArchive(new MemoryStream(exported), ZipArchiveMode.Read))
        {
            foreach (var entry in zip.Entries)
            {
                using var input = entry.Open();
                var bytes = new MemoryStream();
                input.CopyTo(bytes);
                entries.Add((entry.FullName, entry.FullName == "course-content/course.yml"
                    ? Encoding.UTF8.GetBytes(string.Join('\n', Encoding.UTF8.GetString(bytes.ToArray()).Split('\n').Select(edit)))
                    : bytes.ToArray()));
            }
        }
        return Zip(entries);
    }

    private void AssertImportFolderEmpty() =>
        Assert.True(Directory.GetFileSystemEntries(app.ImportFolder).Length == 0,
            "left behind: " + string.Join(", ", Directory.GetFileSystemEntries(app.ImportFolder, "*", SearchOption.AllDirectories)));

    private async Task<(long Price, string Currency, string Title)> CourseAsync()
    {
        await using var db = app.Database.CreateContext();
        var course = await db.Courses.SingleAsync();
        return (course.PriceMinor, course.Currency, await db.Lessons.Where(l => l.Slug == "welcome").Select(l => l.Title).SingleAsync());
    }

    public static TheoryData<string, string> Bombs => new()
    {
        { "ratio", "compressed more than 100 to 1" },
        { "large-entry", "one file may be at most 25 MB" },
        { "many-entries", "at most 2,000" },
        { "large-total", "more than 8 MB uncompressed" },
    };

    [Theory]
    [MemberData(nameof(Bombs))]
    public async Task A_zip_bomb_is_refused_with_400_before_anything_is_extracted(string kind, string reason)
    {
        var instructor = await app.SignInNewUserAsync(Roles.Instructor);
        var before = await CourseAsync();
        var bomb = kind switch
        {
            // 6 MB of zeros squeeze into a few KB: under every size limit, a thousand to one.
            "ratio" => Zip([("course-content/course.yml", new byte[6 * 1024 * 1024])]),
            "large-entry" => Zip([("course-content/01-foundations/01-welcome.files/huge.pdf", new byte[30 * 1024 * 1024])]),
            "many-entries" => Zip(Enumerable.Range(0, 2_500).Select(i => ($"course-content/{i:D4}.md", "x"u8.ToArray()))),
            // Random bytes do not compress: three files of 3 MB are an honest 9 MB, over this app's total of 8 MB.
            _ => Zip(Enumerable.Range(0, 3).Select(i => ($"course-content/{i}.bin", RandomNumberGenerator.GetBytes(3 * 1024 * 1024)))),
        };

        var response = await UploadZipAsync(instructor, bomb);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(reason, body);
        Assert.Contains("Nothing was changed", body);
        AssertImportFolderEmpty();
        Assert.Equal(before, await CourseAsync());
    }

    [Theory]
    [InlineData("../escaped.md")]
    [InlineData("course-content/../../escaped.md")]
    [InlineData("/tmp/escaped.md")]
    [InlineData("course-content\\..\\..\\escaped.md")]
    public async Task A_zip_entry_pointing_outside_its_folder_gets_400_with_the_entry_named_and_nothing_written(string name)
    {
        var instructor = await app.SignInNewUserAsync(Roles.Instructor);
        var exported = await instructor.Http.GetByteArrayAsync("/author/export");
        var entries = new List<(string, byte[])> { (name, "---\nescaped\n"u8.ToArray()) };
        using (var zip = new ZipArchive(new MemoryStream(exported), ZipArchiveMode.Read))
        {
            foreach (var entry in zip.Entries)
            {
                using var input = entry.Open();
                var bytes = new MemoryStream();
                input.CopyTo(bytes);
                entries.Add((entry.FullName, bytes.ToArray()));
            }
        }

        var response = await UploadZipAsync(instructor, Zip(entries));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("points outside the zip", body);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(name), body);
        AssertImportFolderEmpty();
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(app.ImportFolder)!, "escaped.md")));
        Assert.False(File.Exists("/tmp/escaped.md"));
        await using var db = app.Database.CreateContext();
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.Course.Imported));
    }

    [Fact]
    public async Task The_import_folder_is_empty_after_an_import_a_broken_zip_a_non_zip_and_a_cancelled_question()
    {
        var instructor = await app.SignInNewUserAsync(Roles.Instructor);
        var exported = await instructor.Http.GetByteArrayAsync("/author/export");

        Assert.Contains("Imported", await OutcomeAsync(instructor, await UploadZipAsync(instructor, exported)));
        AssertImportFolderEmpty();

        var broken = WithCourseYml(exported, line => line.StartsWith("currency:", StringComparison.Ordinal) ? "currency: dollars" : line);
        Assert.Contains("Import stopped", await OutcomeAsync(instructor, await UploadZipAsync(instructor, broken)));
        AssertImportFolderEmpty();

        Assert.Contains("not a zip", await OutcomeAsync(instructor, await UploadZipAsync(instructor, "PK but not really"u8.ToArray())));
        AssertImportFolderEmpty();

        // An older zip waits for the instructor's answer (and only then); cancelling removes it.
        await using (var db = app.Database.CreateContext())
        {
            await db.Lessons.Where(l => l.Slug == "welcome")
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Title, "Edited here").SetProperty(l => l.EditedInAppAt, app.Clock.GetUtcNow()));
        }
        var asked = await UploadZipAsync(instructor, exported);
        var (_, question) = await instructor.GetAsync(asked.Headers.Location!.OriginalString);
        Assert.Single(Directory.GetFiles(app.ImportFolder, "*.zip"));
        Assert.Empty(Directory.GetDirectories(app.ImportFolder));
        var cancelled = await instructor.SubmitAsync(question, "form#import-confirm", "/author/import", new Dictionary<string, string> { ["policy"] = "cancel" });
        Assert.Contains("cancelled", await OutcomeAsync(instructor, cancelled));
        AssertImportFolderEmpty();
    }

    [Fact]
    public async Task An_instructor_cannot_change_the_price_or_currency_by_import_and_an_admin_can()
    {
        var instructor = await app.SignInNewUserAsync(Roles.Instructor);
        var exported = await instructor.Http.GetByteArrayAsync("/author/export");
        var before = await CourseAsync();
        var cheaper = WithCourseYml(exported, line => line.StartsWith("price:", StringComparison.Ordinal) ? "price: 100" : line);
        var euros = WithCourseYml(exported, line => line.StartsWith("currency:", StringComparison.Ordinal) ? "currency: eur" : line);

        foreach (var zip in new[] { cheaper, euros })
        {
            var outcome = await OutcomeAsync(instructor, await UploadZipAsync(instructor, zip));
            Assert.Contains("Only an admin can change the price or currency", outcome);
            Assert.Equal(before, await CourseAsync());
        }
        AssertImportFolderEmpty();

        var admin = await app.SignInNewUserAsync(Roles.Admin);
        Assert.Contains("Imported", await OutcomeAsync(admin, await UploadZipAsync(admin, cheaper)));
        Assert.Equal(100, (await CourseAsync()).Price);
        await using var db = app.Database.CreateContext();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == AuditActions.Course.Imported);
        Assert.Contains("price 149.00 USD → 1.00 USD", audit.Details);
    }

    [Fact]
    public async Task Every_import_is_audited_with_who_the_zips_SHA_256_and_what_changed()
    {
        var email = await app.CreateUserAsync(Roles.Instructor);
        var instructor = BrowserlessClient.Create(app);
        await instructor.SignInAsync(email);
        var exported = await instructor.Http.GetByteArrayAsync("/author/export");
        var changed = WithCourseYml(exported, line => line.StartsWith("tagline:", StringComparison.Ordinal) ? "tagline: \"A new tagline.\"" : line);

        Assert.Contains("Imported", await OutcomeAsync(instructor, await UploadZipAsync(instructor, changed)));
        Assert.Contains("Imported", await OutcomeAsync(instructor, await UploadZipAsync(instructor, changed)));

        await using var db = app.Database.CreateContext();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var entries = await db.AuditEntries.Where(a => a.Action == AuditActions.Course.Imported).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(2, entries.Count);
        var sha = Convert.ToHexStringLower(SHA256.HashData(changed));
        Assert.All(entries, e =>
        {
            Assert.Equal(userId, e.ActorId);
            Assert.Equal(email, e.Actor);
            Assert.Equal("course:anxious-to-secure", e.Target);
            Assert.Contains($"zip sha256 {sha}", e.Details);
        });
        Assert.Contains("changed: course anxious-to-secure (Tagline)", entries[0].Details);
        Assert.Contains("nothing changed", entries[1].Details);
    }

    [Fact]
    public async Task A_lesson_file_named_with_a_path_is_stored_under_its_plain_name_and_a_backslash_name_is_refused()
    {
        var instructor = await app.SignInNewUserAsync(Roles.Instructor);
        int lessonId;
        await using (var db = app.Database.CreateContext()) lessonId = await db.Lessons.Where(l => l.Slug == "welcome").Select(l => l.Id).SingleAsync();
        var pdf = "%PDF-1.4\n%%EOF\n"u8.ToArray();

        async Task<string> UploadAsync(string name)
        {
            var (_, page) = await instructor.GetAsync($"/author/lessons/{lessonId}/attachments");
            var token = page.QuerySelector("form#upload input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
            var file = new ByteArrayContent(pdf);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, "file", name);
            return await OutcomeAsync(instructor, await instructor.Http.PostAsync($"/author/lessons/{lessonId}/attachments/upload", form));
        }

        Assert.Contains("'worksheet.pdf' added", await UploadAsync("../../../etc/worksheet.pdf"));
        Assert.Contains("plain name", await UploadAsync("..\\..\\evil.pdf"));
        await using var check = app.Database.CreateContext();
        Assert.Equal(["worksheet.pdf"], await check.LessonAttachments.Where(a => a.LessonId == lessonId).Select(a => a.FileName).ToListAsync());
    }
}
