using System.Globalization;
using System.Text.RegularExpressions;
using AnxiousToSecure.Core.Author.Content;

namespace AnxiousToSecure.UnitTests.Catalog;

/// <summary>
/// The second edition's editorial rules (issue 18), ported rule for rule from the checker authors
/// run (scripts/check-course), so that a lesson the checker passes passes the course tests and the
/// other way round. Each rule returns the checker's own problem lines ("01-foundations/01-welcome.md:
/// UK usage "counsellor""), so a failing test names the file and says what to change.
/// </summary>
internal static partial class EditionRules
{
    /// <summary>The checker's list of UK spellings and words, before it drops the ones too common to ban.</summary>
    private static readonly string[] UkCandidates =
    [
        "colour", "behaviour", "favour", "honour", "neighbour", "harbour", "humour", "labour", "rumour", "flavour", "savour", "endeavour",
        "mum", "mums", "mummy", "counsellor", "counselling", "counselled", "practise", "practised", "practising", "programme", "centre", "fibre", "metre",
        "travelling", "travelled", "modelling", "modelled", "labelled", "labelling", "cancelled", "fuelled", "signalling",
        "realise", "realised", "realising", "recognise", "recognised", "recognising", "apologise", "apologised", "apologising", "prioritise", "criticise", "criticised",
        "emphasise", "minimise", "normalise", "normalised", "organise", "organised", "organising", "sympathise", "emphasised", "summarise", "visualise", "utilise", "memorise", "agonise", "agonising", "paralysed", "analyse", "analysed", "catalogue", "dialogue",
        "sweets", "nappy", "nappies", "pram", "pushchair", "health visitor", "GP", "A&E", "maths", "whilst", "amongst", "learnt", "spelt", "dreamt", "towards", "afterwards", "backwards", "forwards",
        "paediatric", "paediatrician", "anaesthetic", "oestrogen", "fulfil", "judgement", "defence", "offence", "licence", "grey", "cosy", "tyre", "cheque", "mobile phone", "holiday", "fortnight", "queue", "trainers", "jumper", "flat", "rubbish", "biscuit", "biscuits", "nursery", "cot", "midwife-led", "tidy up", "post", "petrol", "lorry", "motorway", "pavement", "autumn", "favourite", "favourites", "cheerio", "brilliant", "lovely", "cuppa", "ring", "rang", "telly", "chemist", "surgery",
    ];

    /// <summary>Words the checker leaves out: UK-only in one sense but too common (or too useful) in another to ban.</summary>
    private static readonly string[] TooCommonToBan =
    [
        "post", "ring", "rang", "flat", "surgery", "nursery", "holiday", "autumn", "lovely", "brilliant", "cot", "tidy up", "queue", "rubbish", "chemist",
        "trainers", "jumper", "petrol", "lorry", "motorway", "pavement", "cheerio", "cuppa", "telly", "midwife-led", "fortnight", "afterwards", "backwards",
        "forwards", "towards", "catalogue", "dialogue",
    ];

    /// <summary>UK spellings and words that must not occur in a lesson's title, prose, practice, prompt or content note.</summary>
    public static readonly string[] UkSpellings = [.. UkCandidates.Where(w => !TooCommonToBan.Contains(w))];

    /// <summary>Phrases the whole course may use at most <see cref="StockPhraseLimit"/> times each.</summary>
    public static readonly string[] StockPhrases =
    [
        "gently", "gentle", "many mothers tell me", "women tell me", "clients tell me", "people tell me", "in my practice", "i have seen", "in a single evening",
        "you are not alone", "be kind to yourself", "give yourself grace", "take a deep breath", "there is no right way", "journey", "it is okay", "that is okay", "that is fine", "and that is okay",
        "deep down", "at the end of the day", "hold space", "lean into", "show up for yourself", "self-care", "the truth is", "here is the thing", "simply",
    ];

    public const int StockPhraseLimit = 3;

    /// <summary>The seed's closing line: the last line of the course's last lesson.</summary>
    public const string ClosingLine = "You're doing better than you think you are.";

    private static readonly Dictionary<string, Regex> UkPatterns = UkSpellings.ToDictionary(w => w, w => new Regex(
        @"(?<![\w-])" + Regex.Escape(w) + @"(?![\w-])",
        // The checker matches the abbreviations as written: "gp" or "a&e" in a word are not the services.
        w is "GP" or "A&E" ? RegexOptions.CultureInvariant : RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));

    private static readonly Dictionary<string, Regex> StockPatterns = StockPhrases.ToDictionary(p => p, p => new Regex(
        @"(?<![\w-])" + Regex.Escape(p) + @"(?![\w-])", RegexOptions.CultureInvariant));

    /// <summary>The body without its footnote definition lines: what she reads as the lesson.</summary>
    public static string Prose(LessonDocument lesson) => FootnoteDefinition().Replace(lesson.BodyMarkdown, "");

    /// <summary>Everything she reads of a lesson: title, prose, practice, prompt and content note.</summary>
    public static string Text(LessonDocument lesson) =>
        string.Join(' ', lesson.Title, Prose(lesson), lesson.Practice, lesson.ReflectionPrompt, lesson.ContentNote ?? "");

    public static int Words(string text) => Word().Matches(text).Count;

    /// <summary>Every problem the checker reports for the folder (in any order).</summary>
    public static List<string> All(CourseDocument course)
    {
        var lessons = LessonsOf(course);
        var problems = new List<string>();
        foreach (var lesson in lessons)
        {
            problems.AddRange(WordCount(lesson));
            problems.AddRange(UkUsage(lesson));
            problems.AddRange(MissingContentNote(lesson));
            problems.AddRange(PracticeSaysThisWeek(lesson));
            problems.AddRange(PartnerPracticeWithoutSafetyLine(lesson));
            problems.AddRange(NotAudioReady(lesson));
            problems.AddRange(ClinicalAnecdote(lesson));
            problems.AddRange(PromptIsNotAQuestion(lesson));
        }
        problems.AddRange(StockPhraseOveruse(lessons));
        problems.AddRange(CrowdedReleaseDays(lessons));
        return problems;
    }

    public static List<LessonDocument> LessonsOf(CourseDocument course) => [.. course.Modules.SelectMany(m => m.Lessons)];

    public static IEnumerable<string> WordCount(LessonDocument lesson)
    {
        var words = Words(Prose(lesson));
        if (words is < 400 or > 900) yield return $"{lesson.Path}: body has {words} words (400-900; new lessons 500-900)";
    }

    public static IEnumerable<string> UkUsage(LessonDocument lesson)
    {
        var text = Text(lesson);
        return UkSpellings.Where(w => UkPatterns[w].IsMatch(text)).Select(w => $"{lesson.Path}: UK usage \"{w}\"");
    }

    public static IEnumerable<string> MissingContentNote(LessonDocument lesson)
    {
        if (!string.IsNullOrEmpty(lesson.ContentNote)) yield break;
        if (NoteWords().Match(Text(lesson)) is { Success: true } mention)
        {
            yield return $"{lesson.Path}: mentions '{mention.Value}' but has no content_note";
        }
    }

    public static IEnumerable<string> PracticeSaysThisWeek(LessonDocument lesson)
    {
        if (ThisWeek().IsMatch(lesson.Practice)) yield return $"{lesson.Path}: practice says \"this week\"; word it for the days until the next lesson";
    }

    public static IEnumerable<string> PartnerPracticeWithoutSafetyLine(LessonDocument lesson)
    {
        if (Partner().IsMatch(lesson.Practice) && !lesson.Practice.Contains("Safety:", StringComparison.Ordinal))
        {
            yield return $"{lesson.Path}: practice mentions a partner but has no \"Safety:\" line";
        }
    }

    /// <summary>A listen mode is coming: nothing that only works on a screen.</summary>
    public static IEnumerable<string> NotAudioReady(LessonDocument lesson)
    {
        if (TableRow().IsMatch(lesson.BodyMarkdown)) yield return $"{lesson.Path}: a table (not audio-ready)";
        if (SeeAboveOrBelow().IsMatch(Text(lesson))) yield return $"{lesson.Path}: \"see above/below\" (not audio-ready)";
    }

    public static IEnumerable<string> ClinicalAnecdote(LessonDocument lesson)
    {
        if (Anecdote().IsMatch(Prose(lesson))) yield return $"{lesson.Path}: first-person clinical anecdote";
    }

    public static IEnumerable<string> PromptIsNotAQuestion(LessonDocument lesson)
    {
        if (!lesson.ReflectionPrompt.Trim().EndsWith('?')) yield return $"{lesson.Path}: reflection prompt must be one question ending in ?";
    }

    public static int Occurrences(IEnumerable<LessonDocument> lessons, string phrase) =>
        lessons.Sum(l => StockPatterns[phrase].Matches(Text(l).ToLowerInvariant()).Count);

    public static IEnumerable<string> StockPhraseOveruse(IReadOnlyList<LessonDocument> lessons)
    {
        foreach (var phrase in StockPhrases)
        {
            var n = Occurrences(lessons, phrase);
            if (n > StockPhraseLimit) yield return $"COURSE: stock phrase \"{phrase}\" occurs {n} times (max {StockPhraseLimit} in the whole course)";
        }
    }

    /// <summary>About two lessons a week: never more than two in any seven days, and at least three days apart on average.</summary>
    public static IEnumerable<string> CrowdedReleaseDays(IReadOnlyList<LessonDocument> lessons)
    {
        var days = lessons.Select(l => l.ReleaseAfterDays).ToList();
        foreach (var day in days)
        {
            var window = days.Count(d => day <= d && d < day + 7);
            if (window > 2) yield return $"COURSE: {window} lessons in the 7 days from day {day}";
        }
        if (days.Count > 1 && (double)(days.Max() - days.Min()) / (days.Count - 1) < 3) yield return "COURSE: release days under 3 apart on average";
    }

    /// <summary>Not in the checker: the course's last lesson ends with the seed's closing line (emphasis and curly apostrophes allowed).</summary>
    public static IEnumerable<string> ClosingLineMissing(CourseDocument course)
    {
        var last = LessonsOf(course).LastOrDefault();
        if (last is null) yield break;
        var lastLine = Prose(last).TrimEnd().Split('\n')[^1].Trim().Trim('*', '_').Replace('’', '\'');
        if (lastLine != ClosingLine)
        {
            yield return $"{last.Path}: the course's last lesson must end with the line \"{ClosingLine}\" (it ends with \"{lastLine}\")";
        }
    }

    /// <summary>An assertion message: one problem a line, under a count.</summary>
    public static string Describe(IReadOnlyCollection<string> problems) =>
        string.Join('\n', problems.Prepend(string.Create(CultureInfo.InvariantCulture, $"{problems.Count} problem(s):")));

    [GeneratedRegex(@"(?m)^\[\^[^\]]+\]:.*$")]
    private static partial Regex FootnoteDefinition();

    [GeneratedRegex(@"[\w][\w'’-]*")]
    private static partial Regex Word();

    [GeneratedRegex(@"\b(abus\w*|suicid\w*|psychosis|psychotic|trauma\w*|birth|births|childbirth|postpartum|perinatal)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NoteWords();

    [GeneratedRegex(@"\bthis week\b|\bfor the week\b|\bthe week ahead\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ThisWeek();

    [GeneratedRegex(@"\bpartner", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Partner();

    [GeneratedRegex(@"(?m)^\s*\|")]
    private static partial Regex TableRow();

    [GeneratedRegex(@"\bsee (above|below)\b|\bas shown\b|\bthe table\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SeeAboveOrBelow();

    [GeneratedRegex(@"\b(I have (seen|worked|noticed|heard)|my clients|clients (tell|often|have)|in my (practice|work|office|sessions)|women (tell|I work)|mothers (tell|I work)|tell me)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Anecdote();
}
