using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.TestSupport;

namespace AnxiousToSecure.UnitTests.Author;

/// <summary>The sales page sections of course.yml and the free_preview front matter survive reading and writing.</summary>
[Trait("Category", "Author")]
public sealed class SalesPageContentTests
{
    private static readonly CourseDocument Course = CourseContentReader.ReadFolder(TestPaths.CourseContent);

    [Fact]
    public void The_course_folder_names_the_author_from_the_brief_and_no_photo()
    {
        var author = Assert.IsType<AuthorProfile>(Course.SalesPage.Author);
        Assert.Equal("Hannah Dorsher", author.Name);
        Assert.Equal("MA, LPC, NCC, CAT, EMDR", author.Credentials);
        Assert.Contains("Fort Collins, Colorado", author.Bio);
        Assert.Null(author.Photo);
        Assert.Null(Course.AuthorPhoto);
        Assert.NotEmpty(Course.SalesPage.ForYouIf);
        Assert.NotEmpty(Course.SalesPage.NotForYouIf);
        Assert.Equal(4, Course.SalesPage.Faq.Count);
    }

    [Fact]
    public void Only_the_welcome_lesson_is_a_free_preview()
    {
        var previews = Course.Modules.SelectMany(m => m.Lessons).Where(l => l.FreePreview).Select(l => l.Slug);
        Assert.Equal(["welcome"], previews);
    }

    [Fact]
    public void Writing_the_course_and_reading_it_back_keeps_the_sales_page_and_the_previews_byte_for_byte()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"ats-sales-{Guid.NewGuid():N}");
        try
        {
            CourseContentWriter.WriteFolder(Course, folder);
            var back = CourseContentReader.ReadFolder(folder);
            Assert.Equal(Course.SalesPage, back.SalesPage);
            Assert.Equal(Course.Modules.SelectMany(m => m.Lessons).Select(l => (l.Slug, l.FreePreview)), back.Modules.SelectMany(m => m.Lessons).Select(l => (l.Slug, l.FreePreview)));
            Assert.Equal(CourseContentWriter.Files(Course), CourseContentWriter.Files(back));
            // The repository's own files are already in the writer's canonical form.
            Assert.Equal(File.ReadAllText(Path.Combine(TestPaths.CourseContent, "course.yml")), CourseContentWriter.Files(Course).First().Text);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Awkward_text_and_a_photo_round_trip()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3 };
        var doc = Course with
        {
            SalesPage = new SalesPage
            {
                Author = new AuthorProfile("A \"quoted\" name", "", "Line one\n\n  indented: yes\nlast", "me.png"),
                ForYouIf = ["- starts with a dash", "has: colon # and hash"],
                NotForYouIf = [],
                Faq = [new FaqItem("Why?", "Because.\n\nSecond paragraph.")],
            },
            AuthorPhoto = png,
        };
        var folder = Path.Combine(Path.GetTempPath(), $"ats-sales-{Guid.NewGuid():N}");
        try
        {
            CourseContentWriter.WriteFolder(doc, folder);
            var back = CourseContentReader.ReadFolder(folder);
            Assert.Equal(doc.SalesPage, back.SalesPage);
            Assert.Equal(png, back.AuthorPhoto);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_photo_that_is_not_beside_course_yml_is_refused_with_its_line()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"ats-sales-{Guid.NewGuid():N}");
        try
        {
            CourseContentWriter.WriteFolder(Course with { SalesPage = Course.SalesPage with { Author = Course.SalesPage.Author! with { Photo = "missing.jpg" } } }, folder);
            var e = Assert.Throws<ContentFormatException>(() => CourseContentReader.ReadFolder(folder));
            Assert.Contains("missing.jpg", e.Message);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
