using System.Text.RegularExpressions;
using AnxiousToSecure.TestSupport;

namespace AnxiousToSecure.IntegrationTests.Catalog;

/// <summary>Words that match: the course page's "over N weeks", its "Week N" labels and its description tell the same schedule.</summary>
[Trait("Category", "Catalog")]
public sealed partial class SalesPageWeeksTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly string[] Numbers = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"];

    [Fact]
    public async Task The_weeks_the_course_page_promises_are_the_weeks_its_lessons_open_in()
    {
        var (_, page) = await BrowserlessClient.Create(app).GetAsync("/");

        var span = int.Parse(page.QuerySelector(".course-weeks")!.TextContent);
        var labels = page.QuerySelectorAll(".lesson-list li .muted")
            .Select(e => WeekLabel().Match(e.TextContent)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.NotEmpty(labels);
        Assert.Equal(labels.Max(), span);

        // The author's text anywhere on the page (description, who it is for, questions) may speak of weeks too;
        // where it does, it must say the same number.
        var about = page.QuerySelector("main")!.TextContent;
        foreach (Match said in SpelledWeeks().Matches(about))
        {
            var word = said.Groups[1].Value.ToLowerInvariant();
            var n = int.TryParse(word, out var digits) ? digits : Array.IndexOf(Numbers, word);
            Assert.True(n == span, $"The description says \"{said.Value}\" but the lessons open over {span} weeks.");
        }
    }

    [GeneratedRegex(@"^Week (\d+)")]
    private static partial Regex WeekLabel();

    [GeneratedRegex(@"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\s+weeks\b", RegexOptions.IgnoreCase)]
    private static partial Regex SpelledWeeks();
}
