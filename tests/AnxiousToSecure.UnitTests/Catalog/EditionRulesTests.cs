using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.TestSupport;

namespace AnxiousToSecure.UnitTests.Catalog;

/// <summary>
/// The rules behind the second edition's course tests can fail: on the first edition (kept in
/// tests/fixtures/course-first-edition, which still has UK spellings, "this week" practices and
/// crowded weeks) they report what scripts/check-course reports, and on a made-up lesson they catch
/// what the first edition happened not to do (tables, "see above", the closing line).
/// </summary>
[Trait("Category", "Catalog")]
public sealed class EditionRulesTests
{
    private static readonly CourseDocument FirstEdition = CourseContentReader.ReadFolder(TestPaths.FirstEditionContent);
    private static readonly List<LessonDocument> FirstEditionLessons = EditionRules.LessonsOf(FirstEdition);

    /// <summary>What scripts/check-course printed for the first edition (its last, summary line left off).</summary>
    private static readonly string CheckerOutput = Path.Combine(TestPaths.RepositoryRoot, "tests", "fixtures", "course-first-edition.check-course.txt");

    [Fact]
    public void On_the_first_edition_the_port_reports_exactly_what_scripts_check_course_reports()
    {
        var expected = File.ReadAllLines(CheckerOutput).Where(l => l.Length > 0).Order(StringComparer.Ordinal).ToList();
        var actual = EditionRules.All(FirstEdition).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
    }

    public static TheoryData<string, string> FirstEditionProblems => new()
    {
        { "uk", "03-guilt-and-perfectionism/02-the-perfect-parent-trap.md: UK usage \"counselling\"" },
        { "uk", "07-support-and-moving-forward/02-after-a-birth.md: UK usage \"health visitor\"" },
        { "note", "01-foundations/01-welcome.md: mentions 'trauma' but has no content_note" },
        { "week", "01-foundations/02-what-attachment-is.md: practice says \"this week\"; word it for the days until the next lesson" },
        { "safety", "04-repair-over-perfection/04-repairing-with-a-partner-and-yourself.md: practice mentions a partner but has no \"Safety:\" line" },
        { "anecdote", "01-foundations/03-the-anxious-alarm.md: first-person clinical anecdote" },
        { "stock", "COURSE: stock phrase \"gently\" occurs 23 times (max 3 in the whole course)" },
        { "days", "COURSE: 4 lessons in the 7 days from day 14" },
    };

    [Theory]
    [MemberData(nameof(FirstEditionProblems))]
    public void Each_rule_fails_on_the_first_edition_naming_the_file(string rule, string problem)
    {
        IEnumerable<string> found = rule switch
        {
            "uk" => FirstEditionLessons.SelectMany(EditionRules.UkUsage),
            "note" => FirstEditionLessons.SelectMany(EditionRules.MissingContentNote),
            "week" => FirstEditionLessons.SelectMany(EditionRules.PracticeSaysThisWeek),
            "safety" => FirstEditionLessons.SelectMany(EditionRules.PartnerPracticeWithoutSafetyLine),
            "anecdote" => FirstEditionLessons.SelectMany(EditionRules.ClinicalAnecdote),
            "stock" => EditionRules.StockPhraseOveruse(FirstEditionLessons),
            "days" => EditionRules.CrowdedReleaseDays(FirstEditionLessons),
            _ => throw new ArgumentOutOfRangeException(nameof(rule)),
        };
        Assert.Contains(problem, found);
    }

    [Fact]
    public void The_first_edition_does_not_end_with_the_closing_line()
    {
        var problem = Assert.Single(EditionRules.ClosingLineMissing(FirstEdition));
        Assert.StartsWith("07-support-and-moving-forward/03-your-secure-future.md: the course's last lesson must end with the line", problem);
    }

    private static LessonDocument Crafted(string body, string practice = "Over the next few days, notice one small moment of calm and write down what helped.",
        string? contentNote = null, string prompt = "What did you notice?") =>
        new("01-first/01-crafted.md", "crafted", "A crafted lesson", 0, 3, practice, prompt, true, contentNote, body);

    [Fact]
    public void A_table_or_a_pointer_above_or_below_is_not_audio_ready()
    {
        Assert.Equal(["01-first/01-crafted.md: a table (not audio-ready)"], EditionRules.NotAudioReady(Crafted("Two columns:\n\n| Alarm | Calm |\n|---|---|\n| fast | slow |")));
        Assert.Equal(["01-first/01-crafted.md: \"see above/below\" (not audio-ready)"], EditionRules.NotAudioReady(Crafted("As the list shows, see above for the steps.")));
        Assert.Empty(EditionRules.NotAudioReady(Crafted("The steps, said one after another: breathe out slowly, then feel your feet.")));
    }

    [Fact]
    public void A_closing_line_that_differs_is_named_and_the_exact_one_passes_with_or_without_emphasis()
    {
        static CourseDocument EndingWith(string line) => FirstEdition with
        {
            Modules = [new ModuleDocument("01-first/module.yml", "first", "First", "", [Crafted("Some words.\n\n" + line)])],
        };
        Assert.Single(EditionRules.ClosingLineMissing(EndingWith("You are doing better than you think.")));
        Assert.Single(EditionRules.ClosingLineMissing(EndingWith("You're doing better than you think you are.\n\nOne more paragraph.")));
        Assert.Empty(EditionRules.ClosingLineMissing(EndingWith("You're doing better than you think you are.")));
        Assert.Empty(EditionRules.ClosingLineMissing(EndingWith("*You’re doing better than you think you are.*")));
    }

    [Fact]
    public void A_safety_line_a_content_note_or_a_US_spelling_makes_the_same_lesson_pass()
    {
        const string partner = "Over the next few days, ask your partner for one small thing you need.";
        Assert.Single(EditionRules.PartnerPracticeWithoutSafetyLine(Crafted("Words.", partner)));
        Assert.Empty(EditionRules.PartnerPracticeWithoutSafetyLine(Crafted("Words.", partner + "\nSafety: if your partner frightens you, skip this one.")));

        Assert.Single(EditionRules.MissingContentNote(Crafted("After a birth, sleep is short.")));
        Assert.Empty(EditionRules.MissingContentNote(Crafted("After a birth, sleep is short.", contentNote: "This lesson mentions birth.")));
        Assert.Empty(EditionRules.MissingContentNote(Crafted("Her birthday came and went.")));

        Assert.Equal(["01-first/01-crafted.md: UK usage \"colour\"", "01-first/01-crafted.md: UK usage \"mum\""], EditionRules.UkUsage(Crafted("A mum notices the colour of the sky.")));
        Assert.Empty(EditionRules.UkUsage(Crafted("A mom notices the color of the sky; her GP-free day (gp lowercase is not the service).")));
    }

    [Fact]
    public void Footnote_lines_do_not_count_as_reading_and_a_prompt_must_be_a_question()
    {
        var body = string.Join(' ', Enumerable.Repeat("word", 399)) + "\n\n[^cassidy-2013]: Cassidy, J. (2013). A paper with a long title.";
        Assert.Equal(["01-first/01-crafted.md: body has 399 words (400-900; new lessons 500-900)"], EditionRules.WordCount(Crafted(body)));
        Assert.Equal(["01-first/01-crafted.md: reflection prompt must be one question ending in ?"], EditionRules.PromptIsNotAQuestion(Crafted("Words.", prompt: "Write about it.")));
    }
}
