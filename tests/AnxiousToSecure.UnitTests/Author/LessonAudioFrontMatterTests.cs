using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;

namespace AnxiousToSecure.UnitTests.Author;

/// <summary>
/// <c>audio: NN-slug.files/recording.mp3</c> names the lesson's audio version: read, checked (a
/// recording in this lesson's own folder that is really there) and written back byte for byte.
/// </summary>
[Trait("Category", "Author")]
public sealed class LessonAudioFrontMatterTests
{
    private static string WithAudio(string value) =>
        TempCourseFolder.GoodLesson.Replace("published: true\n", $"published: true\naudio: \"{value}\"\n");

    private static TempCourseFolder FolderWithRecording(string audioValue)
    {
        var folder = new TempCourseFolder();
        folder.Write("01-first/01-welcome.md", WithAudio(audioValue));
        var files = Path.Combine(folder.Root, "01-first", "01-welcome.files");
        Directory.CreateDirectory(files);
        File.WriteAllBytes(Path.Combine(files, "recording.mp3"), SilentMp3.Of(1));
        File.WriteAllBytes(Path.Combine(files, "worksheet.pdf"), [.. "%PDF-1.4\n"u8, 1]);
        return folder;
    }

    [Fact]
    public void A_lesson_names_one_of_its_recordings_and_the_folder_round_trips_byte_for_byte()
    {
        using var folder = FolderWithRecording("01-welcome.files/recording.mp3");
        var course = CourseContentReader.ReadFolder(folder.Root);
        var lesson = course.Modules[0].Lessons[0];
        Assert.Equal("recording.mp3", lesson.AudioFile);
        Assert.Contains(lesson.Files, f => f.Name == "recording.mp3");

        var written = CourseContentWriter.Files(course).Single(f => f.Path == "01-first/01-welcome.md").Text;
        Assert.Contains("\naudio: \"01-welcome.files/recording.mp3\"\n", written);

        var copy = Path.Combine(Path.GetTempPath(), $"ats-audio-{Guid.NewGuid():N}");
        try
        {
            CourseContentWriter.WriteFolder(course, copy);
            var again = CourseContentReader.ReadFolder(copy);
            Assert.Equal("recording.mp3", again.Modules[0].Lessons[0].AudioFile);
            Assert.Equal(
                CourseContentWriter.AllFiles(course).Select(f => (f.Path, Convert.ToHexString(f.Bytes))),
                CourseContentWriter.AllFiles(again).Select(f => (f.Path, Convert.ToHexString(f.Bytes))));
        }
        finally
        {
            if (Directory.Exists(copy)) Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void A_lesson_without_audio_writes_no_audio_key()
    {
        using var folder = new TempCourseFolder();
        var course = CourseContentReader.ReadFolder(folder.Root);
        Assert.Null(course.Modules[0].Lessons[0].AudioFile);
        Assert.DoesNotContain("audio:", CourseContentWriter.Files(course).Single(f => f.Path == "01-first/01-welcome.md").Text);
    }

    [Theory]
    [InlineData("recording.mp3", "this lesson's files folder")]
    [InlineData("02-other.files/recording.mp3", "this lesson's files folder")]
    [InlineData("01-welcome.files/sub/recording.mp3", "this lesson's files folder")]
    [InlineData("01-welcome.files/worksheet.pdf", "must be a recording")]
    [InlineData("01-welcome.files/missing.mp3", "no such file")]
    public void An_audio_key_that_names_no_recording_of_this_lesson_is_reported_on_its_line(string value, string problem)
    {
        using var folder = FolderWithRecording(value);
        var error = Assert.Throws<ContentFormatException>(() => CourseContentReader.ReadFolder(folder.Root));
        Assert.Equal("01-first/01-welcome.md", error.File);
        Assert.Equal(11, error.Line);
        Assert.Contains(problem, error.Problem);
    }
}
